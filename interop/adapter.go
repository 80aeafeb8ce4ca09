package interop

// README: Go SDK begin

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/graphmock/graphmock/mockserver/mocktest"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	nethttplibrary "github.com/microsoft/kiota-http-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	msgraphgocore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// staticToken gives the SDK a fixed access token for the hosts it allows.
// The SDK sends no Authorization at all to any other host.
type staticToken struct {
	hosts *authentication.AllowedHostsValidator
}

func (p staticToken) GetAuthorizationToken(_ context.Context, u *url.URL, _ map[string]any) (string, error) {
	if !p.hosts.IsUrlHostValid(u) {
		return "", nil
	}
	return "test-token", nil
}

func (p staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator { return p.hosts }

// GraphMiddleware is Graph's default middleware in an order that works:
// the compression handler before the retry handler, so that a throttled
// request is retried with its compressed body. (kiota-http-go v1.5.4 puts
// its defaults in a random order; when retry comes first, the retry of a
// POST, PUT or PATCH is plain JSON labelled Content-Encoding: gzip, which
// Graph and graphmock reject with 400.) FreshBodyHandler comes last.
func GraphMiddleware(options *msgraphgocore.GraphClientOptions) []nethttplibrary.Middleware {
	return []nethttplibrary.Middleware{
		msgraphgocore.NewGraphTelemetryHandler(options), // SdkVersion, client-request-id
		nethttplibrary.NewUrlReplaceHandler(true, msgraphgocore.ReplacementPairs),
		nethttplibrary.NewCompressionHandler(), // gzip bodies; on 415, send them plain
		nethttplibrary.NewRetryHandler(),       // 429, 503, 504: honour Retry-After, send Retry-Attempt
		nethttplibrary.NewRedirectHandler(),
		nethttplibrary.NewParametersNameDecodingHandler(),
		nethttplibrary.NewUserAgentHandler(),
		nethttplibrary.NewHeadersInspectionHandler(),
		FreshBodyHandler{},
	}
}

// FreshBodyHandler, the innermost middleware, gives each attempt of a
// request its own reader over the body. The retry handler rewinds and
// re-sends the body of the attempt before, which net/http may still be
// reading (it finishes writing a body after the response has come): a
// data race that go test -race reports.
type FreshBodyHandler struct{}

// Intercept sends req with a body reader of its own.
func (FreshBodyHandler) Intercept(p nethttplibrary.Pipeline, i int, req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return p.Next(req, i)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	attempt := req.WithContext(req.Context()) // a copy: the retry handler keeps req and its body
	attempt.Body = io.NopCloser(bytes.NewReader(body))
	return p.Next(attempt, i)
}

// NewGraphAdapter points Graph's Go SDK at a graphmock test server (plain
// or WithTLS) for the beta API, with GraphMiddleware unless other
// middleware is given.
func NewGraphAdapter(ts *mocktest.TestServer, middleware ...nethttplibrary.Middleware) (*msgraphgocore.GraphRequestAdapterBase, error) {
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{"127.0.0.1"})
	if err != nil {
		return nil, err
	}
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory {
		return jsonserialization.NewJsonSerializationWriterFactory()
	})
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory {
		return jsonserialization.NewJsonParseNodeFactory()
	})
	options := msgraphgocore.GraphClientOptions{GraphServiceVersion: "beta", GraphServiceLibraryVersion: "0.0.0"}
	if len(middleware) == 0 {
		middleware = GraphMiddleware(&options)
	}
	httpClient := &http.Client{Transport: nethttplibrary.NewCustomTransportWithParentTransport(
		ts.Client().Transport, // trusts the test server's certificate
		middleware...)}
	adapter, err := msgraphgocore.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		authentication.NewBaseBearerTokenAuthenticationProvider(staticToken{hosts}), options, nil, nil, httpClient)
	if err != nil {
		return nil, err
	}
	adapter.SetBaseUrl(ts.URL() + "/beta")
	return adapter, nil
}

// README: Go SDK end
