package main

import (
	"fmt"
	"sort"
	"strings"
)

// Product is an item the shop sells. Prices are in cents.
type Product struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Category string   `json:"category"`
	Price    int64    `json:"price"`
	Stock    int      `json:"stock"`
	Tags     []string `json:"tags,omitempty"`
}

// Catalog holds the products, indexed by ID and by category.
type Catalog struct {
	byID       map[string]*Product
	byCategory map[string][]*Product
	all        []*Product
}

// NewCatalog indexes products.
func NewCatalog(products []Product) *Catalog {
	c := &Catalog{byID: make(map[string]*Product, len(products)), byCategory: map[string][]*Product{}}
	for i := range products {
		p := &products[i]
		c.byID[p.ID] = p
		c.byCategory[p.Category] = append(c.byCategory[p.Category], p)
		c.all = append(c.all, p)
	}
	return c
}

// DefaultCatalog returns a deterministic catalog of 500 products.
func DefaultCatalog() *Catalog {
	categories := []string{"books", "garden", "kitchen", "music", "toys"}
	products := make([]Product, 500)
	for i := range products {
		cat := categories[i%len(categories)]
		products[i] = Product{
			ID:       fmt.Sprintf("p%04d", i),
			Name:     fmt.Sprintf("%s item %d", strings.ToUpper(cat[:1])+cat[1:], i),
			Category: cat,
			Price:    int64(199 + (i*7919)%10000),
			Stock:    (i * 31) % 50,
			Tags:     []string{cat, fmt.Sprintf("tag%d", i%13)},
		}
	}
	return NewCatalog(products)
}

// Lookup returns the product with the given ID.
func (c *Catalog) Lookup(id string) (*Product, bool) {
	p, ok := c.byID[id]
	return p, ok
}

// List returns the products of a category (all if category is empty),
// sorted by the given key: "price", "name" or "" for catalog order.
func (c *Catalog) List(category, sortBy string) []*Product {
	src := c.all
	if category != "" {
		src = c.byCategory[category]
	}
	out := make([]*Product, len(src))
	copy(out, src)
	switch sortBy {
	case "price":
		sort.Slice(out, func(i, j int) bool {
			if out[i].Price != out[j].Price {
				return out[i].Price < out[j].Price
			}
			return out[i].ID < out[j].ID
		})
	case "name":
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	}
	return out
}

// Search returns the products whose name or tags contain every word of
// query, case-insensitively.
func (c *Catalog) Search(query string) []*Product {
	words := strings.Fields(strings.ToLower(query))
	var out []*Product
	for _, p := range c.all {
		name := strings.ToLower(p.Name)
		match := true
		for _, w := range words {
			if !strings.Contains(name, w) && !hasTag(p.Tags, w) {
				match = false
				break
			}
		}
		if match {
			out = append(out, p)
		}
	}
	return out
}

func hasTag(tags []string, w string) bool {
	for _, t := range tags {
		if t == w {
			return true
		}
	}
	return false
}
