package parquet

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	pq "github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// fileWriter takes record batches and writes the file's footer on Close.
type fileWriter interface {
	Write(rec arrow.RecordBatch) error
	Close() error
}

// writerOnly hides a Close method, so the file writers cannot close the caller's writer.
type writerOnly struct{ io.Writer }

func newFileWriter(c Config, schema *arrow.Schema, w io.Writer, mem memory.Allocator) (fileWriter, error) {
	w = writerOnly{w}
	if c.Format == FormatArrow {
		fw, err := ipc.NewFileWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
		if err != nil {
			return nil, fmt.Errorf("starting the arrow file: %w", err)
		}
		return fw, nil
	}
	props := pq.NewWriterProperties(
		pq.WithAllocator(mem),
		pq.WithCompression(compress.Codecs.Snappy),
		pq.WithMaxRowGroupLength(int64(c.RowGroupRows)),
		pq.WithDictionaryDefault(true),
	)
	fw, err := pqarrow.NewFileWriter(schema, w, props,
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		return nil, fmt.Errorf("starting the parquet file: %w", err)
	}
	return bufferedParquet{fw}, nil
}

// bufferedParquet fills row groups up to RowGroupRows from batches of BatchRows.
type bufferedParquet struct{ fw *pqarrow.FileWriter }

func (b bufferedParquet) Write(rec arrow.RecordBatch) error { return b.fw.WriteBuffered(rec) }
func (b bufferedParquet) Close() error                      { return b.fw.Close() }
