package store

import (
	"encoding/json"
	"fmt"
)

// copyObject returns a deep copy of m, or ErrBadValue naming the first
// member that is not a JSON value.
func copyObject(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		c, err := copyValue(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = c
	}
	return out, nil
}

func copyValue(v any) (any, error) {
	switch v := v.(type) {
	case nil, bool, string, float64, float32, json.Number,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v, nil
	case map[string]any:
		return copyObject(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			c, err := copyValue(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = c
		}
		return out, nil
	case []string:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = e
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%w: %T", ErrBadValue, v)
	}
}

// clone deep-copies a stored object, which holds only JSON values.
func clone(m map[string]any) map[string]any {
	c, err := copyObject(m)
	if err != nil {
		panic("store: stored value not JSON: " + err.Error())
	}
	return c
}
