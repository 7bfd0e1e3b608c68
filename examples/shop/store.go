package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Order is a placed order as stored in the order log.
type Order struct {
	ID    string `json:"id"`
	Lines []Line `json:"lines"`
	Total int64  `json:"total"`
	Email string `json:"email"`
}

// Line is one product and quantity of an order.
type Line struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
	Price     int64  `json:"price,omitempty"`
}

// Store is an append-only log of orders in one file, with an in-memory
// index from order ID to the record's offset.
type Store struct {
	mu    sync.Mutex
	f     *os.File
	size  int64
	index map[string]int64
}

// OpenStore opens (creating if needed) the order log in dir and rebuilds
// its index.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, "orders.jsonl"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	s := &Store{f: f, index: map[string]int64{}}
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 && err == nil {
			var o Order
			if jerr := json.Unmarshal(line, &o); jerr != nil {
				f.Close()
				return nil, fmt.Errorf("%s: record at offset %d: %v", f.Name(), s.size, jerr)
			}
			s.index[o.ID] = s.size
			s.size += int64(len(line))
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			f.Close()
			return nil, err
		}
	}
	return s, nil
}

// Put appends an order to the log and syncs it to disk.
func (s *Store) Put(o *Order) error {
	rec, err := json.Marshal(o)
	if err != nil {
		return err
	}
	rec = append(rec, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.index[o.ID]; dup {
		return fmt.Errorf("order %s exists", o.ID)
	}
	if _, err := s.f.WriteAt(rec, s.size); err != nil {
		return err
	}
	if err := s.f.Sync(); err != nil {
		return err
	}
	s.index[o.ID] = s.size
	s.size += int64(len(rec))
	return nil
}

// Get reads an order back from the log.
func (s *Store) Get(id string) (*Order, error) {
	s.mu.Lock()
	off, ok := s.index[id]
	end := s.size
	s.mu.Unlock()
	if !ok {
		return nil, errNotFound
	}
	r := bufio.NewReader(io.NewSectionReader(s.f, off, end-off))
	line, err := r.ReadBytes('\n')
	if err != nil {
		return nil, err
	}
	var o Order
	if err := json.Unmarshal(line, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Close closes the log file.
func (s *Store) Close() error { return s.f.Close() }

var errNotFound = errors.New("not found")
