package store

import (
	"hash/maphash"
	"iter"
	"maps"
)

// shards is how many pieces a cowMap is cut into: a write copies one
// piece, 1/shards of the map, instead of all of it.
const shards = 32

var seed = maphash.MakeSeed()

// A cowMap is a string-keyed map shared between stores until written.
// Copying a cowMap value is constant time (an array of shard pointers);
// each shard is copied the first time a store that does not own it writes
// to it. The zero value is an empty map.
type cowMap[V any] struct {
	shards [shards]*shard[V]
	n      int
}

type shard[V any] struct {
	owner *owner
	m     map[string]V
}

func shardOf(k string) int { return int(maphash.String(seed, k) % shards) }

func (c *cowMap[V]) get(k string) (V, bool) {
	sh := c.shards[shardOf(k)]
	if sh == nil {
		var zero V
		return zero, false
	}
	v, ok := sh.m[k]
	return v, ok
}

func (c *cowMap[V]) has(k string) bool {
	_, ok := c.get(k)
	return ok
}

// writable returns the map of k's shard, copied first unless o owns it.
func (c *cowMap[V]) writable(o *owner, k string) map[string]V {
	i := shardOf(k)
	sh := c.shards[i]
	switch {
	case sh == nil:
		sh = &shard[V]{owner: o, m: map[string]V{}}
		c.shards[i] = sh
	case sh.owner != o:
		sh = &shard[V]{owner: o, m: maps.Clone(sh.m)}
		c.shards[i] = sh
	}
	return sh.m
}

func (c *cowMap[V]) set(o *owner, k string, v V) {
	m := c.writable(o, k)
	if _, ok := m[k]; !ok {
		c.n++
	}
	m[k] = v
}

func (c *cowMap[V]) del(o *owner, k string) {
	if !c.has(k) {
		return
	}
	delete(c.writable(o, k), k)
	c.n--
}

func (c *cowMap[V]) len() int { return c.n }

// all yields every key and value, in no order.
func (c *cowMap[V]) all() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, sh := range c.shards {
			if sh == nil {
				continue
			}
			for k, v := range sh.m {
				if !yield(k, v) {
					return
				}
			}
		}
	}
}
