package sentiment

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Example is one labelled text.
type Example struct {
	Text     string // NFKC-normalised
	Positive bool
}

// The data files Train knows, in ../shared/data/sentiment.
const (
	FileChnSentiCorpTrain = "chnsenticorp_train.tsv"
	FileChnSentiCorpDev   = "chnsenticorp_dev.tsv"
	FileWaimai            = "waimai_10k.csv"
	FileOnlineShopping    = "online_shopping_10_cats.csv"
)

// ReadExamples reads one labelled file: ".tsv" files as `label<TAB>text` split at the first
// tab, ".csv" files with a CSV reader, the label in the column named "label" and the text
// in the last column. Both have a header line; a leading byte-order mark is ignored. Rows
// with an empty text are skipped; a label other than 0 or 1 is an error.
func ReadExamples(path string) ([]Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading sentiment data: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	var ex []Example
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tsv":
		ex, err = readTSV(bytes.NewReader(b))
	case ".csv":
		ex, err = readCSV(bytes.NewReader(b))
	default:
		err = fmt.Errorf("unknown extension %q", filepath.Ext(path))
	}
	if err != nil {
		return nil, fmt.Errorf("reading sentiment data %s: %w", filepath.Base(path), err)
	}
	return ex, nil
}

func readTSV(r io.Reader) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Example
	for line := 0; sc.Scan(); line++ {
		if line == 0 {
			continue // header
		}
		label, text, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: no tab", line+1)
		}
		if err := appendExample(&out, label, text); err != nil {
			return nil, fmt.Errorf("line %d: %w", line+1, err)
		}
	}
	return out, sc.Err()
}

func readCSV(r io.Reader) ([]Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	col := -1
	for i, h := range head {
		if strings.TrimSpace(h) == "label" {
			col = i
		}
	}
	if col < 0 || col == len(head)-1 {
		return nil, fmt.Errorf("header %q: no label column before the text", head)
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) <= col {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("line %d: %d fields", line, len(rec))
		}
		if err := appendExample(&out, rec[col], rec[len(rec)-1]); err != nil {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
}

func appendExample(out *[]Example, label, text string) error {
	l, err := strconv.Atoi(strings.TrimSpace(label))
	if err != nil || (l != 0 && l != 1) {
		return fmt.Errorf("label %q is not 0 or 1", label)
	}
	text = strings.TrimSpace(norm.NFKC.String(text))
	if text != "" {
		*out = append(*out, Example{Text: text, Positive: l == 1})
	}
	return nil
}
