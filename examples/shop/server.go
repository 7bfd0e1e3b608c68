package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Server serves the shop's HTTP API.
type Server struct {
	catalog *Catalog
	store   *Store
}

// NewServer returns a server over a catalog and an order store.
func NewServer(c *Catalog, s *Store) *Server { return &Server{catalog: c, store: s} }

// Routes returns the HTTP handler with every route registered.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products", s.handleList)
	mux.HandleFunc("GET /products/{id}", s.handleProduct)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("POST /checkout", s.handleCheckout)
	mux.HandleFunc("GET /orders/{id}", s.handleOrder)
	return mux
}

// handleList lists a category's products, sorted and paginated.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 20
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			httpError(w, http.StatusBadRequest, "limit must be 1..100")
			return
		}
		limit = n
	}
	sortBy := q.Get("sort")
	if sortBy != "" && sortBy != "price" && sortBy != "name" {
		httpError(w, http.StatusBadRequest, "sort must be price or name")
		return
	}
	products := s.catalog.List(q.Get("category"), sortBy)
	if len(products) > limit {
		products = products[:limit]
	}
	writeJSON(w, http.StatusOK, products)
}

// handleProduct returns one product by ID.
func (s *Server) handleProduct(w http.ResponseWriter, r *http.Request) {
	p, ok := s.catalog.Lookup(r.PathValue("id"))
	if !ok {
		httpError(w, http.StatusNotFound, "no such product")
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// handleSearch finds products by words in their names and tags.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" || len(q) > 200 {
		httpError(w, http.StatusBadRequest, "q must have 1..200 characters")
		return
	}
	writeJSON(w, http.StatusOK, s.catalog.Search(q))
}

// checkoutRequest is the body of POST /checkout.
type checkoutRequest struct {
	Email string `json:"email"`
	Lines []Line `json:"lines"`
}

// handleCheckout validates an order, prices it, derives its ID from a hash of
// its contents (so a retried request is recognised), and stores it.
func (s *Server) handleCheckout(w http.ResponseWriter, r *http.Request) {
	var req checkoutRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		httpError(w, http.StatusBadRequest, "bad order: "+err.Error())
		return
	}
	order, err := s.price(&req)
	if err != nil {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if err := s.store.Put(order); err != nil {
		httpError(w, http.StatusConflict, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, order)
}

// price validates a checkout request against the catalog and totals it.
func (s *Server) price(req *checkoutRequest) (*Order, error) {
	if at := strings.IndexByte(req.Email, '@'); at < 1 || at == len(req.Email)-1 {
		return nil, fmt.Errorf("invalid email %q", req.Email)
	}
	if len(req.Lines) == 0 || len(req.Lines) > 100 {
		return nil, errors.New("an order has 1..100 lines")
	}
	h := sha256.New()
	h.Write([]byte(req.Email))
	o := &Order{Email: req.Email, Lines: make([]Line, 0, len(req.Lines))}
	seen := make(map[string]bool, len(req.Lines))
	for _, l := range req.Lines {
		p, ok := s.catalog.Lookup(l.ProductID)
		if !ok {
			return nil, fmt.Errorf("unknown product %q", l.ProductID)
		}
		if l.Quantity < 1 || l.Quantity > p.Stock {
			return nil, fmt.Errorf("quantity of %s must be 1..%d", p.ID, p.Stock)
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("product %s listed twice", p.ID)
		}
		seen[p.ID] = true
		l.Price = p.Price
		o.Total += p.Price * int64(l.Quantity)
		o.Lines = append(o.Lines, l)
		fmt.Fprintf(h, "|%s:%d", p.ID, l.Quantity)
	}
	o.ID = hex.EncodeToString(h.Sum(nil)[:8])
	return o, nil
}

// handleOrder reads a stored order back from disk.
func (s *Server) handleOrder(w http.ResponseWriter, r *http.Request) {
	o, err := s.store.Get(r.PathValue("id"))
	if errors.Is(err, errNotFound) {
		httpError(w, http.StatusNotFound, "no such order")
		return
	}
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func httpError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
