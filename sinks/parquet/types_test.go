package parquet_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/lingting/lingting/sinks/parquet"
)

// TestTypeMapping exports a table of every type the Exporter maps, with NULLs, to both
// formats and compares it with the source; a Map column is refused by name.
func TestTypeMapping(t *testing.T) {
	conn := loaded(t, testRows)
	ctx := context.Background()
	for _, s := range []string{
		`CREATE TABLE IF NOT EXISTS lingting.export_types (
			i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64,
			f32 Float32, f64 Float64, b Bool, s String, fs FixedString(3), lc LowCardinality(String),
			e Enum8('a' = 1, 'b' = 2), ns Nullable(String), ni Nullable(Int64), d Date, d32 Date32,
			dt DateTime('Asia/Shanghai'), dt0 DateTime64(0, 'UTC'), dt6 DateTime64(6, 'UTC'), dt9 DateTime64(9),
			ndt Nullable(DateTime64(3, 'UTC')), arr Array(String), lcarr Array(LowCardinality(String)),
			af32 Array(Float32), au32 Array(UInt32), ai64 Array(Int64)
		) ENGINE = MergeTree ORDER BY i64`,
		`INSERT INTO lingting.export_types SELECT
			-number, -number * 300, -number * 70000, -number * 5000000000, number, number * 300, number * 70000, number * 5000000000,
			number / 3, number / 7, number % 2 = 0, concat('行', toString(number)), 'abc', 'lc', if(number % 2 = 0, 'a', 'b'),
			if(number % 3 = 0, NULL, toString(number)), if(number % 4 = 0, NULL, number),
			toDate('2031-01-01') + number, toDate32('1960-01-01') + number,
			toDateTime('2031-01-01 08:00:00', 'Asia/Shanghai') + number,
			toDateTime64('2031-01-01 00:00:00', 0, 'UTC') + number,
			toDateTime64('2031-01-01 00:00:00.123456', 6, 'UTC') + number,
			toDateTime64('2031-01-01 00:00:00.123456789', 9) + number,
			if(number % 5 = 0, NULL, toDateTime64('2031-01-01 00:00:00.5', 3, 'UTC')),
			arrayMap(x -> toString(x), range(number % 4)), ['x', 'y'],
			arrayMap(x -> toFloat32(x / 4), range(number % 3)), [toUInt32(number), 7], arrayMap(x -> -toInt64(x), range(number % 5))
		FROM numbers(100)`,
		`CREATE TABLE IF NOT EXISTS lingting.export_map (k UInt8, m Map(String, UInt8)) ENGINE = MergeTree ORDER BY k`,
	} {
		if err := conn.Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	want := sourceRows(t, conn, "SELECT * FROM lingting.export_types")
	for _, format := range []parquet.Format{parquet.FormatArrow, parquet.FormatParquet} {
		t.Run(string(format), func(t *testing.T) {
			e, err := parquet.NewExporter(conn, parquet.Config{Table: "export_types", Format: format, BatchRows: 33}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := e.Export(ctx, &buf); err != nil {
				t.Fatal(err)
			}
			types := map[string]string{"ns": "utf8", "d": "date32", "dt6": "timestamp[us, tz=UTC]", "dt9": "timestamp[ns, tz=UTC]",
				"lc": "utf8", "e": "utf8", "b": "bool", "u64": "uint64", "i8": "int8",
				"af32": "list<item: float32, nullable>", "au32": "list<item: uint32, nullable>"}
			if format == parquet.FormatArrow {
				types["dt"], types["dt0"] = "timestamp[s, tz=UTC]", "timestamp[s, tz=UTC]"
			}
			compareFiles(t, readFile(t, format, buf.Bytes()), want, types)
		})
	}
	e, err := parquet.NewExporter(conn, parquet.Config{Table: "export_map"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Export(ctx, &bytes.Buffer{}); !errors.Is(err, parquet.ErrUnsupportedType) {
		t.Errorf("exporting a Map column: error %v, want ErrUnsupportedType", err)
	}
}
