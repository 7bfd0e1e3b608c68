package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTestServer(t testing.TB) (*Server, http.Handler) {
	t.Helper()
	store, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s := NewServer(DefaultCatalog(), store)
	return s, s.Routes()
}

func do(t testing.TB, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestList(t *testing.T) {
	_, h := newTestServer(t)
	rec := do(t, h, "GET", "/products?category=books&sort=price&limit=5", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var ps []Product
	if err := json.Unmarshal(rec.Body.Bytes(), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps) != 5 {
		t.Fatalf("got %d products, want 5", len(ps))
	}
	for i, p := range ps {
		if p.Category != "books" {
			t.Errorf("product %s has category %s", p.ID, p.Category)
		}
		if i > 0 && ps[i-1].Price > p.Price {
			t.Errorf("not sorted by price at %d: %d > %d", i, ps[i-1].Price, p.Price)
		}
	}
	for _, bad := range []string{"/products?limit=0", "/products?limit=x", "/products?sort=stock"} {
		if rec := do(t, h, "GET", bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, rec.Code)
		}
	}
}

func TestSearch(t *testing.T) {
	_, h := newTestServer(t)
	rec := do(t, h, "GET", "/search?q=Garden+tag3", "")
	var ps []Product
	if err := json.Unmarshal(rec.Body.Bytes(), &ps); err != nil {
		t.Fatal(err, rec.Body)
	}
	if len(ps) == 0 {
		t.Fatal("no results")
	}
	for _, p := range ps {
		if p.Category != "garden" || !hasTag(p.Tags, "tag3") {
			t.Errorf("unexpected match %+v", p)
		}
	}
}

func TestCheckoutAndOrder(t *testing.T) {
	s, h := newTestServer(t)
	p, _ := s.catalog.Lookup("p0001")
	body := `{"email":"a@example.com","lines":[{"product_id":"p0001","quantity":2},{"product_id":"p0002","quantity":1}]}`
	rec := do(t, h, "POST", "/checkout", body)
	if rec.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var o Order
	if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil {
		t.Fatal(err)
	}
	p2, _ := s.catalog.Lookup("p0002")
	if want := 2*p.Price + p2.Price; o.Total != want {
		t.Errorf("total %d, want %d", o.Total, want)
	}
	// The same order again has the same ID and is refused.
	if rec := do(t, h, "POST", "/checkout", body); rec.Code != http.StatusConflict {
		t.Errorf("duplicate order: status %d, want 409", rec.Code)
	}
	rec = do(t, h, "GET", "/orders/"+o.ID, "")
	var back Order
	if err := json.Unmarshal(rec.Body.Bytes(), &back); err != nil || back.ID != o.ID || back.Total != o.Total {
		t.Fatalf("read back %+v (%v), want %+v", back, err, o)
	}
	// Reopening the store rebuilds the index from disk.
	dir := s.store.f.Name()
	s.store.Close()
	st, err := OpenStore(strings.TrimSuffix(dir, "/orders.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, err := st.Get(o.ID); err != nil || got.Total != o.Total {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}

func TestCheckoutValidation(t *testing.T) {
	_, h := newTestServer(t)
	for _, body := range []string{
		`{"email":"nobody","lines":[{"product_id":"p0001","quantity":1}]}`,
		`{"email":"a@b.c","lines":[]}`,
		`{"email":"a@b.c","lines":[{"product_id":"nope","quantity":1}]}`,
		`{"email":"a@b.c","lines":[{"product_id":"p0001","quantity":1},{"product_id":"p0001","quantity":1}]}`,
		`{"email":"a@b.c","lines":[{"product_id":"p0001","quantity":0}]}`,
	} {
		if rec := do(t, h, "POST", "/checkout", body); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", body, rec.Code)
		}
	}
	if rec := do(t, h, "POST", "/checkout", `{"email":"a@b.c","extra":1}`); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown field: status %d, want 400", rec.Code)
	}
}

func BenchmarkList(b *testing.B) {
	_, h := newTestServer(b)
	for b.Loop() {
		do(b, h, "GET", "/products?category=toys&sort=price&limit=20", "")
	}
}

func BenchmarkProduct(b *testing.B) {
	_, h := newTestServer(b)
	for b.Loop() {
		do(b, h, "GET", "/products/p0042", "")
	}
}

func BenchmarkSearch(b *testing.B) {
	_, h := newTestServer(b)
	for b.Loop() {
		do(b, h, "GET", "/search?q=kitchen+tag5", "")
	}
}

func BenchmarkCatalogList(b *testing.B) {
	c := DefaultCatalog()
	for b.Loop() {
		c.List("", "price")
	}
}
