package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// stdio is where a subcommand reads and writes; tests pass buffers.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// command is one subcommand: it parses its own flags from args and blocks until done or
// ctx ends.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, std stdio) error
}

func commands() map[string]command {
	return map[string]command{
		"demo":     {"run everything in one process over the built-in simulator", runDemo},
		"run":      {"run the pipeline from a YAML config (embedded, or over Kafka)", runRun},
		"sql":      {"query the embedded store", runSQL},
		"serve":    {"serve the embedded store over ClickHouse's HTTP interface", runServe},
		"enrich":   {"enrich JSON lines from stdin; with --config, the Kafka enrich stage", runEnrich},
		"collect":  {"the collect stage of the distributed mode (sources → Kafka)", runCollect},
		"sink":     {"the sink stage of the distributed mode (Kafka → ClickHouse)", runSink},
		"resolve":  {"the identity stage of the distributed mode (Kafka → persons, profiles)", runResolve},
		"identity": {"identity resolution: eval | split ACCOUNT | pin A B | explain ACCOUNT", runIdentity},
		"alert":    {"the alert stage (enriched → detectors → lingting.alerts, notifiers); alert eval | alert bench", runAlert},
		"export":   {"export a table or view to a Parquet or Arrow IPC file (streaming, progress bar)", runExport},
		"bench":    {"benchmark the enrichment (bench enrich [--n N] [--python PATH])", runBenchEnrich},
		"train":    {"train a model (train sentiment --data DIR --out FILE)", runTrainCommand},
	}
}

func dispatch(ctx context.Context, args []string, std stdio) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(std.err, cmds)
		return flag.ErrHelp
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(std.err, cmds)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, args[1:], std)
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("lingting (聆听): social listening for Weibo, Douyin and WeCom\n\nusage: lingting COMMAND [flags]\n\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\n`lingting COMMAND -h` lists a command's flags.\n")
	io.WriteString(w, b.String())
}

func runTrainCommand(ctx context.Context, args []string, std stdio) error {
	return runTrain(ctx, args, std.out, std.err)
}
