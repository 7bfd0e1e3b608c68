package manifest

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteText writes r as a table for people: a summary line, then one row
// per function in the report's order (impact first) with its weighted
// cycles per call before and after, followed by one indented row per field
// that changed, with the expressions and their values.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d added, %d removed, %d changed, %d unchanged", r.Added, r.Removed, r.Changed, r.Unchanged)
	fmt.Fprintf(&b, "; costs per call in %s at each function's default sizes", r.Units)
	if len(r.Sizes) > 0 {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(r.Sizes)) {
			kv = append(kv, k+"="+formatFloat(r.Sizes[k]))
		}
		b.WriteString(" with " + strings.Join(kv, ", "))
	}
	b.WriteString("\n")
	if len(r.Functions) == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	// Right-aligned numbers need a trailing tab on every cell, so text
	// columns come last on each row.
	fmt.Fprintf(tw, "IMPACT\tBEFORE\tAFTER\tCHANGE\t\tFUNCTION\n")
	for _, d := range r.Functions {
		var before, after, change string
		if d.Before != nil {
			before = short(d.Before.Cycles)
		}
		if d.After != nil {
			after = short(d.After.Cycles)
		}
		switch {
		case d.Error != "":
			change = "error"
		case d.Status == Changed:
			x, y := d.Before.Cycles, d.After.Cycles
			change = pctText(percent(&x, &y), x, y)
		default:
			change = string(d.Status)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\t%s\n", short(d.Impact), before, after, change, d.Name)
		if d.Error != "" {
			fmt.Fprintf(tw, "\t\t\t\t\t    %s\n", d.Error)
		}
		for _, c := range d.Changes {
			var bv, av, ch string
			if c.BeforeValue != nil {
				bv = short(*c.BeforeValue)
			}
			if c.AfterValue != nil {
				av = short(*c.AfterValue)
			}
			if c.BeforeValue != nil && c.AfterValue != nil {
				ch = pctText(c.Percent, *c.BeforeValue, *c.AfterValue)
			}
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t\t    %s: %s -> %s\n", bv, av, ch, c.Field, orNone(c.Before), orNone(c.After))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func pctText(p *float64, before, after float64) string {
	switch {
	case before == after:
		return "0%"
	case p != nil:
		return fmt.Sprintf("%+.1f%%", *p)
	case before == 0:
		return "new"
	}
	return ""
}

// short prints a value with up to four significant digits, without an
// exponent below a billion: 12, 3.25, 8192, 1.235e+09.
func short(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return strconv.FormatFloat(v, 'g', 4, 64)
	case a >= 1000 || v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
