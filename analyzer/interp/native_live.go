package interp

// Interpreted slices retained by native objects beyond the call that was
// given them: sort.Reverse(sort.IntSlice(xs)) keeps the native copy of xs
// and a later sort.Sort sorts that copy; bytes.NewBuffer(buf) writes into
// buf's copy on later Write calls. Such copies, found by walking the
// call's results and receiver, are kept in sync with the interpreted
// slice: before each native call the interpreted elements written since
// are copied in, after it the native elements written are copied out. A
// copy no native object references any more is dropped (a weak pointer
// tells). Only slices of basic elements are tracked; a retained slice of
// other elements keeps the copy semantics of a single call.

import (
	"go/types"
	"reflect"
	"unsafe"
	"weak"
)

// liveSlice is a retained native copy of an interpreted slice.
type liveSlice struct {
	full  []Value            // the interpreted slice, up to its capacity
	last  []Value            // the elements as both sides last agreed
	base  weak.Pointer[byte] // the native copy's array
	rt    reflect.Type       // the native slice type
	elemT *types.Basic
}

// native is the native copy, if some native object still references it.
func (l *liveSlice) native() (reflect.Value, bool) {
	p := l.base.Value()
	if p == nil {
		return reflect.Value{}, false
	}
	arr := reflect.NewAt(reflect.ArrayOf(len(l.full), l.rt.Elem()), unsafe.Pointer(p)).Elem()
	return arr.Slice(0, len(l.full)), true
}

// syncLiveIn copies the interpreted writes to retained slices into their
// native copies, before a native call; copies no longer referenced are
// dropped.
func (in *Interp) syncLiveIn() error {
	kept := in.nat.live[:0]
	for _, l := range in.nat.live {
		nv, ok := l.native()
		if !ok {
			continue
		}
		kept = append(kept, l)
		for i, v := range l.full {
			if v == l.last[i] {
				continue
			}
			ev, err := in.conv(nil, v, l.elemT, l.rt.Elem())
			if err != nil {
				return err
			}
			nv.Index(i).Set(ev)
			l.last[i] = v
		}
	}
	clear(in.nat.live[len(kept):])
	in.nat.live = kept
	return nil
}

// syncLiveOut copies the native writes to retained slices into the
// interpreted slices, after a native call.
func (in *Interp) syncLiveOut() {
	for _, l := range in.nat.live {
		nv, ok := l.native()
		if !ok {
			continue
		}
		for i := range l.full {
			v, err := basicFrom(nv.Index(i), l.elemT)
			if err != nil || v == l.last[i] {
				continue
			}
			l.full[i], l.last[i] = v, v
		}
	}
}

// retain registers the native copies of bd's slices of basic elements
// that roots (the results and receiver of a native call) reference.
func (in *Interp) retain(bd *copyLog, roots []reflect.Value) {
	found := map[int]bool{}
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		if !v.IsValid() || depth > 8 {
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem(), depth+1)
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), depth+1)
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i), depth+1)
			}
		case reflect.Array:
			if v.Len() <= 16 {
				for i := 0; i < v.Len(); i++ {
					walk(v.Index(i), depth+1)
				}
			}
		case reflect.Slice:
			if v.IsNil() || v.Cap() == 0 {
				return
			}
			p := v.Pointer()
			for i, w := range bd.slices {
				if w.native.Cap() == 0 || w.native.Type().Elem() != v.Type().Elem() {
					continue
				}
				base := w.native.Pointer()
				if p >= base && p < base+uintptr(w.native.Cap())*w.native.Type().Elem().Size() {
					found[i] = true
				}
			}
			switch v.Type().Elem().Kind() {
			case reflect.Pointer, reflect.Interface, reflect.Struct, reflect.Slice:
				if v.Len() <= 16 {
					for i := 0; i < v.Len(); i++ {
						walk(v.Index(i), depth+1)
					}
				}
			}
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	for i, w := range bd.slices {
		if !found[i] {
			continue
		}
		b, ok := under(w.elemT).(*types.Basic)
		if !ok || basicRT[b.Kind()] == nil || w.native.Type().Elem().Kind() != basicRT[b.Kind()].Kind() {
			continue
		}
		in.nat.live = append(in.nat.live, &liveSlice{
			full:  w.full,
			last:  append([]Value(nil), w.full...),
			base:  weak.Make((*byte)(w.native.UnsafePointer())),
			rt:    w.native.Type(),
			elemT: b,
		})
	}
}
