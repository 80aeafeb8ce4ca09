package mockserver_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphmock/graphmock/mockserver"
)

// hostileBody builds a chat body of about size bytes of one hostile kind.
func hostileBody(kind string, size int) string {
	var b strings.Builder
	b.WriteString(`{"chatType":"group"`)
	switch kind {
	case "unknown-properties":
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, `,"p%d":%d`, i, i)
		}
	case "long-numbers":
		b.WriteString(`,"isHiddenForAllMembers":`)
		b.WriteString(strings.Repeat("7", max(size-b.Len()-1, 1)))
	case "deep-arrays":
		b.WriteString(`,"topic":`)
		depth := (size - b.Len()) / 2
		b.WriteString(strings.Repeat("[", depth))
		b.WriteString(strings.Repeat("]", depth))
	}
	b.WriteString("}")
	return b.String()
}

// BenchmarkHostileBodies answers bodies of 1 KiB, 64 KiB and 1 MiB of
// unknown properties, long numbers and deep arrays, and reports the time
// per KiB of body: it must stay flat (or fall) as bodies grow, so that no
// request costs more than time linear in its size.
func BenchmarkHostileBodies(b *testing.B) {
	set, err := mockserver.Default()
	if err != nil {
		b.Fatal(err)
	}
	srv := mockserver.New(set, mockserver.Options{JournalLimit: 16})
	path := "/beta/chats/19%3Ab8577894a63548969c5c92bb9c80c5e1%40thread.v2/installedApps/MTI1MjM0NTY3OA%3D%3D/chat/$ref"
	for _, kind := range []string{"unknown-properties", "long-numbers", "deep-arrays"} {
		for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
			body := hostileBody(kind, size)
			b.Run(fmt.Sprintf("%s/%dKiB", kind, size>>10), func(b *testing.B) {
				for b.Loop() {
					req := httptest.NewRequest("POST", path, strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer t")
					req.Header.Set("Content-Type", "application/json")
					w := &discardWriter{h: make(http.Header)}
					srv.ServeHTTP(w, req)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(float64(len(body))/1024), "ns/KiB")
			})
		}
	}
}
