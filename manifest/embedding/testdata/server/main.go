// Command server is a program of realistic size (about 10 MB built) for the
// reader's benchmark: an HTTP service with JSON, templates, TLS, SQL and
// compression linked in.
package main

import (
	"compress/gzip"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"regexp"
	"text/tabwriter"
)

var page = template.Must(template.New("page").Parse(`<p>{{.}}</p>`))

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		gz := gzip.NewWriter(w)
		defer gz.Close()
		var v map[string]any
		json.NewDecoder(r.Body).Decode(&v)
		xml.NewEncoder(gz).Encode(v)
		page.Execute(gz, regexp.MustCompile(`a+b`).FindString(r.URL.Path))
	})
	_, _ = sql.Open("none", "")
	tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', 0).Flush()
	slog.Info("listening")
	srv := &http.Server{Addr: ":8443", Handler: mux, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS13}}
	if len(os.Args) > 1 {
		slog.Error("serve", "err", srv.ListenAndServeTLS(os.Args[1], os.Args[2]))
	}
}
