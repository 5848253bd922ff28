package parquet

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// ErrUnsupportedType means a column's ClickHouse type has no Arrow mapping here.
var ErrUnsupportedType = errors.New("unsupported column type")

// column is one exported column: its Arrow field, the value the driver scans into, and
// how that value is appended to the column's builder.
type column struct {
	field    arrow.Field
	dest     any                   // pointer handed to rows.Scan
	appendTo func(b array.Builder) // appends the scanned value
}

// newColumn maps a ClickHouse column to an Arrow field and a scan destination.
func newColumn(name, chType string) (column, error) {
	t, nullable := unwrap(chType)
	col, err := mapType(t, nullable)
	if err != nil {
		return column{}, fmt.Errorf("column %s of type %s: %w", name, chType, err)
	}
	col.field.Name, col.field.Nullable = name, nullable
	return col, nil
}

// unwrap strips LowCardinality(…) and Nullable(…) and reports whether Nullable was there.
func unwrap(t string) (string, bool) {
	nullable := false
	for {
		switch {
		case strings.HasPrefix(t, "LowCardinality(") && strings.HasSuffix(t, ")"):
			t = t[len("LowCardinality(") : len(t)-1]
		case strings.HasPrefix(t, "Nullable(") && strings.HasSuffix(t, ")"):
			t, nullable = t[len("Nullable("):len(t)-1], true
		default:
			return t, nullable
		}
	}
}

func mapType(t string, nullable bool) (column, error) {
	switch {
	case t == "String" || strings.HasPrefix(t, "FixedString(") || strings.HasPrefix(t, "Enum"):
		return scalar(arrow.BinaryTypes.String, nullable, (*array.StringBuilder).Append), nil
	case t == "Bool":
		return scalar(arrow.FixedWidthTypes.Boolean, nullable, (*array.BooleanBuilder).Append), nil
	case t == "Date" || t == "Date32":
		return scalar(arrow.FixedWidthTypes.Date32, nullable, func(b *array.Date32Builder, v time.Time) {
			b.Append(arrow.Date32FromTime(v))
		}), nil
	case t == "DateTime" || strings.HasPrefix(t, "DateTime("):
		return timestamp(arrow.Second, nullable), nil
	case strings.HasPrefix(t, "DateTime64("):
		return dateTime64(t, nullable)
	case strings.HasPrefix(t, "Array(") && strings.HasSuffix(t, ")"):
		inner, innerNull := unwrap(t[len("Array(") : len(t)-1])
		if innerNull {
			break
		}
		if inner == "String" {
			return stringList(), nil
		}
		if col, ok := numberList(inner); ok {
			return col, nil
		}
	}
	if col, ok := number(t, nullable); ok {
		return col, nil
	}
	return column{}, ErrUnsupportedType
}

// number maps ClickHouse's fixed-width integers and floats.
func number(t string, nullable bool) (column, bool) {
	switch t {
	case "Int8":
		return scalar(arrow.PrimitiveTypes.Int8, nullable, (*array.Int8Builder).Append), true
	case "Int16":
		return scalar(arrow.PrimitiveTypes.Int16, nullable, (*array.Int16Builder).Append), true
	case "Int32":
		return scalar(arrow.PrimitiveTypes.Int32, nullable, (*array.Int32Builder).Append), true
	case "Int64":
		return scalar(arrow.PrimitiveTypes.Int64, nullable, (*array.Int64Builder).Append), true
	case "UInt8":
		return scalar(arrow.PrimitiveTypes.Uint8, nullable, (*array.Uint8Builder).Append), true
	case "UInt16":
		return scalar(arrow.PrimitiveTypes.Uint16, nullable, (*array.Uint16Builder).Append), true
	case "UInt32":
		return scalar(arrow.PrimitiveTypes.Uint32, nullable, (*array.Uint32Builder).Append), true
	case "UInt64":
		return scalar(arrow.PrimitiveTypes.Uint64, nullable, (*array.Uint64Builder).Append), true
	case "Float32":
		return scalar(arrow.PrimitiveTypes.Float32, nullable, (*array.Float32Builder).Append), true
	case "Float64":
		return scalar(arrow.PrimitiveTypes.Float64, nullable, (*array.Float64Builder).Append), true
	}
	return column{}, false
}

// scalar scans into a T (a *T when nullable) and appends it with add.
func scalar[T any, B array.Builder](dt arrow.DataType, nullable bool, add func(B, T)) column {
	col := column{field: arrow.Field{Type: dt}}
	if nullable {
		var p *T
		col.dest = &p
		col.appendTo = func(b array.Builder) {
			if p == nil {
				b.AppendNull()
				return
			}
			add(b.(B), *p)
		}
		return col
	}
	var v T
	col.dest = &v
	col.appendTo = func(b array.Builder) { add(b.(B), v) }
	return col
}

// dateTime64 maps DateTime64(p[, tz]) to a timestamp of the unit its precision needs.
func dateTime64(t string, nullable bool) (column, error) {
	args := strings.SplitN(t[len("DateTime64("):len(t)-1], ",", 2)
	p, err := strconv.Atoi(strings.TrimSpace(args[0]))
	if err != nil {
		return column{}, fmt.Errorf("reading precision: %w", err)
	}
	switch {
	case p == 0:
		return timestamp(arrow.Second, nullable), nil
	case p <= 3:
		return timestamp(arrow.Millisecond, nullable), nil
	case p <= 6:
		return timestamp(arrow.Microsecond, nullable), nil
	default:
		return timestamp(arrow.Nanosecond, nullable), nil
	}
}

// timestamp maps a time to timestamp[unit, UTC]: the instant, whatever zone the column
// displays in.
func timestamp(unit arrow.TimeUnit, nullable bool) column {
	dt := &arrow.TimestampType{Unit: unit, TimeZone: "UTC"}
	return scalar(dt, nullable, func(b *array.TimestampBuilder, v time.Time) {
		ts, _ := arrow.TimestampFromTime(v, unit) // out of range only past year 2262 in ns
		b.Append(ts)
	})
}

// stringList maps Array(String) and Array(LowCardinality(String)) to list<utf8>.
func stringList() column {
	var v []string
	return column{
		field: arrow.Field{Type: arrow.ListOf(arrow.BinaryTypes.String)},
		dest:  &v,
		appendTo: func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			vb := lb.ValueBuilder().(*array.StringBuilder)
			for _, s := range v {
				vb.Append(s)
			}
		},
	}
}

// numberList maps arrays of fixed-width numbers to list<number>.
func numberList(t string) (column, bool) {
	switch t {
	case "Int8":
		return list(arrow.PrimitiveTypes.Int8, (*array.Int8Builder).AppendValues), true
	case "Int16":
		return list(arrow.PrimitiveTypes.Int16, (*array.Int16Builder).AppendValues), true
	case "Int32":
		return list(arrow.PrimitiveTypes.Int32, (*array.Int32Builder).AppendValues), true
	case "Int64":
		return list(arrow.PrimitiveTypes.Int64, (*array.Int64Builder).AppendValues), true
	case "UInt8":
		return list(arrow.PrimitiveTypes.Uint8, (*array.Uint8Builder).AppendValues), true
	case "UInt16":
		return list(arrow.PrimitiveTypes.Uint16, (*array.Uint16Builder).AppendValues), true
	case "UInt32":
		return list(arrow.PrimitiveTypes.Uint32, (*array.Uint32Builder).AppendValues), true
	case "UInt64":
		return list(arrow.PrimitiveTypes.Uint64, (*array.Uint64Builder).AppendValues), true
	case "Float32":
		return list(arrow.PrimitiveTypes.Float32, (*array.Float32Builder).AppendValues), true
	case "Float64":
		return list(arrow.PrimitiveTypes.Float64, (*array.Float64Builder).AppendValues), true
	}
	return column{}, false
}

// list scans a []T and appends it as one list entry with add (AppendValues).
func list[T any, B array.Builder](elem arrow.DataType, add func(B, []T, []bool)) column {
	var v []T
	return column{
		field: arrow.Field{Type: arrow.ListOf(elem)},
		dest:  &v,
		appendTo: func(b array.Builder) {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			add(lb.ValueBuilder().(B), v, nil)
		},
	}
}
