package sentiment

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// File format (version 1), all integers little-endian:
//
//	magic "LTSM" | uint32 version | uint32 header length | header JSON | gzip(int8 weights)
//
// The header holds the FeatureConfig, the quantisation scale, the bias and Meta. Weight i is
// int8[i]·scale; 2^Bits of them.
const (
	fileMagic   = "LTSM"
	fileVersion = 1
	maxBits     = 24
)

// ErrFormat means a model file is not one this build reads.
var ErrFormat = errors.New("not a sentiment model file of a known version")

// Meta records how a model was trained.
type Meta struct {
	Algorithm   string   `json:"algorithm"`
	Segmenter   string   `json:"segmenter"` // gse dictionary and segment.Mode the words came from
	Epochs      int      `json:"epochs"`
	TrainFiles  []string `json:"train_files"`
	Examples    int      `json:"examples"`
	DevAccuracy float64  `json:"dev_accuracy"` // of the quantised model on the dev file
}

type fileHeader struct {
	Features FeatureConfig `json:"features"`
	Scale    float32       `json:"scale"`
	Bias     float32       `json:"bias"`
	Meta     Meta          `json:"meta"`
}

// WriteTo writes m in the model file format, its weights quantised to int8. It implements
// io.WriterTo.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	scale := m.scale()
	hdr, err := json.Marshal(fileHeader{Features: m.cfg, Scale: scale, Bias: m.bias, Meta: m.meta})
	if err != nil {
		return cw.n, fmt.Errorf("encoding model header: %w", err)
	}
	var pre [12]byte
	copy(pre[:4], fileMagic)
	binary.LittleEndian.PutUint32(pre[4:], fileVersion)
	binary.LittleEndian.PutUint32(pre[8:], uint32(len(hdr)))
	if _, err := cw.Write(append(pre[:], hdr...)); err != nil {
		return cw.n, fmt.Errorf("writing model header: %w", err)
	}
	zw, _ := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if _, err := zw.Write(quantise(m.w, scale)); err != nil {
		return cw.n, fmt.Errorf("writing model weights: %w", err)
	}
	if err := zw.Close(); err != nil {
		return cw.n, fmt.Errorf("writing model weights: %w", err)
	}
	return cw.n, nil
}

// ReadModel reads a model written by WriteTo. A wrong magic or version is ErrFormat.
func ReadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	var pre [12]byte
	if _, err := io.ReadFull(br, pre[:]); err != nil {
		return nil, fmt.Errorf("reading model header: %w", err)
	}
	if string(pre[:4]) != fileMagic || binary.LittleEndian.Uint32(pre[4:]) != fileVersion {
		return nil, ErrFormat
	}
	hdr := make([]byte, binary.LittleEndian.Uint32(pre[8:]))
	if _, err := io.ReadFull(br, hdr); err != nil {
		return nil, fmt.Errorf("reading model header: %w", err)
	}
	var h fileHeader
	if err := json.Unmarshal(hdr, &h); err != nil {
		return nil, fmt.Errorf("decoding model header: %w", err)
	}
	if h.Features.Bits < 1 || h.Features.Bits > maxBits {
		return nil, fmt.Errorf("decoding model header: bits %d out of range: %w", h.Features.Bits, ErrFormat)
	}
	m := newModel(h.Features, h.Meta)
	m.bias = h.Bias
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("reading model weights: %w", err)
	}
	q := make([]byte, len(m.w))
	if _, err := io.ReadFull(zr, q); err != nil {
		return nil, fmt.Errorf("reading model weights: %w", err)
	}
	m.q, m.lut = q, new([256]float32)
	for b := range m.lut {
		m.lut[b] = float32(int8(b)) * h.Scale
	}
	for i, b := range q {
		m.w[i] = m.lut[b]
	}
	return m, nil
}

// scale maps the largest weight magnitude to 127.
func (m *Model) scale() float32 {
	var mx float64
	for _, v := range m.w {
		mx = math.Max(mx, math.Abs(float64(v)))
	}
	if mx == 0 {
		return 1
	}
	return float32(mx / 127)
}

func quantise(w []float32, scale float32) []byte {
	q := make([]byte, len(w))
	for i, v := range w {
		x := math.Round(float64(v / scale))
		q[i] = byte(int8(max(-127, min(127, x))))
	}
	return q
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
