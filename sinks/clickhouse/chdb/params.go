package chdb

import "runtime"

// cparams lays out query parameters as the C arrays chdb_*_with_params_n take. The
// byte buffers are pinned until free, so the pointer arrays may be handed to C.
type cparams struct {
	names, values       []*byte
	nameLens, valueLens []uintptr
	pin                 runtime.Pinner
}

func newCParams(m map[string]string) *cparams {
	p := &cparams{}
	for k, v := range m {
		p.names = append(p.names, p.bytes(k))
		p.nameLens = append(p.nameLens, uintptr(len(k)))
		p.values = append(p.values, p.bytes(v))
		p.valueLens = append(p.valueLens, uintptr(len(v)))
	}
	return p
}

// bytes copies s into a pinned buffer (one byte long at least, so it has an address).
func (p *cparams) bytes(s string) *byte {
	b := make([]byte, len(s)+1)
	copy(b, s)
	p.pin.Pin(&b[0])
	return &b[0]
}

func (p *cparams) count() uintptr        { return uintptr(len(p.names)) }
func (p *cparams) namePtr() **byte       { return &p.names[0] }
func (p *cparams) valuePtr() **byte      { return &p.values[0] }
func (p *cparams) nameLenPtr() *uintptr  { return &p.nameLens[0] }
func (p *cparams) valueLenPtr() *uintptr { return &p.valueLens[0] }
func (p *cparams) free()                 { p.pin.Unpin() }
