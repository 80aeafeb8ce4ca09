package graphmeta

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/graphmock/graphmock/internal/odatapath"
	"github.com/graphmock/graphmock/internal/odataschema"
)

// Auto is the type name that asks for the body's type to be derived from
// the method and path.
const Auto = "auto"

// A BodyType is the answer to "what body does METHOD PATH take": the
// schema a body is checked against, and whether the body is a collection
// (an object whose "value" array holds the bodies).
type BodyType struct {
	Body       *odataschema.Body
	Collection bool
}

// SplitVersion splits a path (or path template) into its API version and
// what follows, such as "beta" and "/chats/{id}".
func SplitVersion(path string) (version, rest string) {
	version, rest, _ = strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return version, "/" + rest
}

// versionOf returns the metadata of path's version, or an error saying
// there is none.
func (c *Catalog) versionOf(path string) (*Version, string, string, error) {
	version, rest := SplitVersion(path)
	ver, err := c.Version(version)
	if err != nil {
		return nil, "", "", fmt.Errorf("reading the %s metadata: %w", version, err)
	}
	if ver == nil {
		return nil, "", "", fmt.Errorf("the path starts with /%s, an API version graphmock has no metadata of: bodyType needs a path that starts with /%s", version, strings.Join(Versions(), " or /"))
	}
	return ver, version, rest, nil
}

// named returns the body type called name, or an error suggesting the
// closest type of the version.
func named(ver *Version, version, name string, r Reading) (BodyType, error) {
	body, err := ver.Read(r).Type(name)
	if err != nil {
		return BodyType{}, fmt.Errorf("%s is not an entity or complex type of Graph's %s metadata%s", name, version, ver.SuggestType(name))
	}
	return BodyType{Body: body}, nil
}

// resolve resolves the part of path after its version, for auto.
func resolve(ver *Version, version, path, rest string, strict bool) (odatapath.Target, error) {
	target, err := ver.Paths(strict).Resolve(rest)
	var unknown *odatapath.UnknownSegmentError
	if errors.As(err, &unknown) {
		return target, fmt.Errorf("auto cannot derive a type: %s is not a path of Graph's %s metadata (Resource not found for the segment '%s'); name the type, or check the path", path, version, unknown.Segment)
	}
	if err != nil {
		return target, fmt.Errorf("auto cannot derive a type for %s: %w", path, err)
	}
	return target, nil
}

// RequestBody answers what body a request METHOD PATH takes, path being a
// full path or path template such as /beta/chats/{id}/members. typeName
// is a qualified entity or complex type, or Auto to derive the type from
// the method and path: an object of a type, an action's parameters, or an
// entity reference. strict checks in strict OData rather than in Graph's
// lenient reading. A path whose version has no metadata, a type the
// metadata lacks, a path Graph does not have, and a method that takes no
// JSON body there are errors that say what to write instead.
func (c *Catalog) RequestBody(method, path, typeName string, strict bool) (BodyType, error) {
	return c.RequestBodyIn(method, path, typeName, Reading{Strict: strict})
}

// RequestBodyIn is RequestBody in reading r.
func (c *Catalog) RequestBodyIn(method, path, typeName string, r Reading) (BodyType, error) {
	ver, version, rest, err := c.versionOf(path)
	if err != nil {
		return BodyType{}, err
	}
	if typeName != Auto {
		return named(ver, version, typeName, r)
	}
	target, err := resolve(ver, version, path, rest, r.Strict)
	if err != nil {
		return BodyType{}, err
	}
	schemas := ver.Read(r)
	want := target.Body(method)
	var body *odataschema.Body
	switch want.Kind {
	case odatapath.ObjectBody:
		body, err = schemas.Type(want.Type)
	case odatapath.ParametersBody:
		body, err = schemas.Parameters(want.Operation)
	case odatapath.ReferenceBody:
		body = schemas.Reference()
		if strings.EqualFold(method, http.MethodPut) && ReferenceClearable(ver.Model, target) {
			body = schemas.ClearableReference()
		}
	case odatapath.MediaBody:
		return BodyType{}, fmt.Errorf("auto: %s %s takes the raw bytes of a stream, not JSON; leave bodyType out", method, path)
	default:
		return BodyType{}, fmt.Errorf("auto: Graph takes no body with %s %s; leave bodyType out, or check the method", method, path)
	}
	if err != nil {
		return BodyType{}, err
	}
	return BodyType{Body: body}, nil
}

// ResponseBody answers what body the response to METHOD PATH carries, as
// RequestBody does for a request: with Auto, the type a GET of the path
// returns (for an operation, its return type), a collection unless the
// path addresses one entity or the method is POST to a collection (which
// answers with the entity it created). A POST to an action that returns a
// collection answers with the collection.
func (c *Catalog) ResponseBody(method, path, typeName string, strict bool) (BodyType, error) {
	return c.ResponseBodyIn(method, path, typeName, Reading{Strict: strict})
}

// ResponseBodyIn is ResponseBody in reading r.
func (c *Catalog) ResponseBodyIn(method, path, typeName string, r Reading) (BodyType, error) {
	ver, version, rest, err := c.versionOf(path)
	if err != nil {
		return BodyType{}, err
	}
	if typeName != Auto {
		return named(ver, version, typeName, r)
	}
	target, err := resolve(ver, version, path, rest, r.Strict)
	if err != nil {
		return BodyType{}, err
	}
	if target.Structured == nil {
		return BodyType{}, fmt.Errorf("auto: a GET of %s returns %q, not an entity or complex type; name the type, or leave bodyType out", path, target.Type)
	}
	body, err := ver.Read(r).Type(target.Type)
	if err != nil {
		return BodyType{}, err
	}
	created := method == http.MethodPost && target.Kind == odatapath.Collection
	return BodyType{Body: body, Collection: target.Collection && !created}, nil
}
