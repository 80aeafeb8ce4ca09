package odatapath

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/graphmock/graphmock/internal/csdl"
)

// graphHosts are the hosts of Microsoft Graph in its national clouds,
// https://learn.microsoft.com/en-us/graph/deployments.
var graphHosts = []string{"graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"}

// An ID is what an entity's @odata.id names: one entity of an entity set,
// such as https://graph.microsoft.com/v1.0/directoryObjects/{id} in the
// body of POST /groups/{id}/members/$ref
// (https://learn.microsoft.com/en-us/graph/api/group-post-members).
type ID struct {
	// Version is the API version of an absolute id, such as v1.0; "" for
	// a relative one.
	Version string
	// EntitySet is the entity set the entity belongs to.
	EntitySet *csdl.EntitySet
	// Key is the entity's key, as given.
	Key KeyValue
	// Type is the entity's type: the entity set's, or the cast's when the
	// id ends with one (directoryObjects/{id}/microsoft.graph.user).
	Type *csdl.StructuredType
	// Target is the whole resolution of the id's path.
	Target Target
}

// An IDError says why an @odata.id names no entity.
type IDError struct {
	ID     string // as given
	Reason string // such as "names the entity set users but no key"
	Err    error  // the *UnknownSegmentError of a path the metadata lacks, or nil
}

// Error reads as "@odata.id "x" reason".
func (e *IDError) Error() string { return fmt.Sprintf("@odata.id %q %s", e.ID, e.Reason) }

// Unwrap returns the error beneath, if any.
func (e *IDError) Unwrap() error { return e.Err }

// ParseID reads an @odata.id: an absolute URL of Graph, such as
// https://graph.microsoft.com/v1.0/users/{id}, or a URL relative to the
// service root, such as users/{id} or directoryObjects('{id}'). It must
// name one entity of an entity set by its key, optionally cast to a
// derived type. hosts are hosts accepted besides Graph's, over http too,
// such as the mock's own 127.0.0.1:8080; Graph's are accepted over https
// only. The version of an absolute URL is returned, not checked: r does
// not know which version its metadata is of. Every other id is an
// *IDError.
func (r *Resolver) ParseID(id string, hosts ...string) (ID, error) {
	bad := func(err error, format string, args ...any) (ID, error) {
		return ID{}, &IDError{ID: id, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	if id == "" {
		return bad(nil, "is empty: want a URL such as https://graph.microsoft.com/v1.0/users/{id}")
	}
	if strings.ContainsFunc(id, func(c rune) bool { return c <= ' ' || c == 0x7f }) {
		return bad(nil, "holds a space or control character: escape it, as %%20")
	}
	var out ID
	path := id
	if strings.Contains(id, "://") || strings.HasPrefix(id, "//") {
		u, err := url.Parse(id)
		if err != nil {
			return bad(nil, "is not a URL: %v", errors.Unwrap(err))
		}
		own := containsFold(hosts, u.Host)
		switch {
		case u.Scheme == "https" && (containsFold(graphHosts, u.Host) || own):
		case u.Scheme == "http" && own:
		case u.Scheme != "https" && u.Scheme != "http":
			return bad(nil, "has the scheme %q: want https://graph.microsoft.com/…", u.Scheme)
		default:
			return bad(nil, "names the host %s://%s, not Graph's: want https://graph.microsoft.com/…", u.Scheme, u.Host)
		}
		if u.User != nil {
			return bad(nil, "holds a user name: want https://graph.microsoft.com/…")
		}
		if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			return bad(nil, "has a query or fragment: an id is a path only")
		}
		version, rest, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
		if version == "" {
			return bad(nil, "has no API version: want https://%s/v1.0/…", u.Host)
		}
		out.Version, path = version, rest
	} else {
		if strings.HasPrefix(id, "/") {
			return bad(nil, "starts with /: a relative id is relative to the service root, such as users/{id}")
		}
		if strings.ContainsAny(id, "?#") {
			return bad(nil, "has a query or fragment: an id is a path only")
		}
	}
	if path == "" {
		return bad(nil, "names no entity: want an entity set and a key, such as users/{id}")
	}
	if strings.HasSuffix(path, "/") {
		return bad(nil, "ends with /: want an entity set and a key, such as users/{id}")
	}
	for raw := range strings.SplitSeq(path, "/") {
		if _, err := url.PathUnescape(raw); err != nil {
			return bad(nil, "holds a bad escape in %q", raw)
		}
	}
	target, err := r.Resolve("/" + path)
	var unknown *UnknownSegmentError
	if errors.As(err, &unknown) {
		return bad(err, "names %q, which Graph's metadata does not have there", unknown.Segment)
	}
	if err != nil {
		return bad(err, "does not resolve: %v", err)
	}
	segs := target.Segments
	if segs[0].Kind != EntitySetSegment {
		return bad(nil, "starts with the %s %s, not an entity set: an id names an entity of an entity set, such as users/{id}", segs[0].Kind, segs[0].Name)
	}
	if len(segs) < 2 || segs[1].Kind != KeySegment {
		return bad(nil, "names the entity set %s but no key: want %s/{id}", segs[0].Name, segs[0].Name)
	}
	keys := segs[1].Key
	switch {
	case len(keys) != 1:
		return bad(nil, "has a key of %d values: want one", len(keys))
	case keys[0].Variable != "":
		return bad(nil, "holds the template variable {%s}: put the entity's id in its place", keys[0].Variable)
	case keys[0].Value == "":
		return bad(nil, "has an empty key")
	}
	for _, s := range segs[2:] {
		if s.Kind != CastSegment {
			return bad(nil, "goes on past the key with the %s %s: an id names one entity of an entity set", s.Kind, s.Name)
		}
	}
	out.EntitySet = r.model.Container.EntitySet(segs[0].Name)
	out.Key = keys[0]
	out.Type = target.Structured
	out.Target = target
	return out, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
