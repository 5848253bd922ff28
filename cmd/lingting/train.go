package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/lingting/lingting/enrich/segment"
	"github.com/lingting/lingting/enrich/sentiment"
)

// runTrain implements `lingting train sentiment --data DIR --out FILE [--seed N]
// [--folds K]`: it trains the sentiment model from the labelled sets in DIR, writes the
// model file to FILE (atomically, via a temporary file beside it) and prints the report.
func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sentiment" {
		fmt.Fprintln(stderr, "usage: lingting train sentiment --data DIR --out FILE [--seed N] [--folds K]")
		return errors.New("train: the only model is \"sentiment\"")
	}
	fs := flag.NewFlagSet("train sentiment", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "../shared/data/sentiment", "directory of the labelled sentiment files")
	out := fs.String("out", "enrich/sentiment/model.bin", "model file to write")
	seed := fs.Uint64("seed", 1, "seed for shuffling and feature hashing")
	folds := fs.Int("folds", 0, "also run K-fold cross-validation on the training files (0: none)")
	bits := fs.Int("bits", 0, "hash buckets 2^bits (0: the default, 20)")
	epochs := fs.Int("epochs", 0, "epochs (0: the default, 4)")
	lr := fs.Float64("lr", 0, "AdaGrad learning rate (0: the default, 0.2)")
	l2 := fs.Float64("l2", 0, "L2 penalty per update (0: the default, 1e-6)")
	chars := fs.Int("char-ngram", 0, "character n-grams of orders 1..N (0: the default, 3)")
	inWeight := fs.Float64("in-domain-weight", 0, "loss weight of chnsenticorp_train.tsv's examples, the dev file's domain (0: the default, 16; 1: all alike)")
	holdout := fs.Int("holdout", 0, "also train without every K-th example of the --holdout-file and report the accuracy on those (0: none)")
	holdoutFile := fs.String("holdout-file", "", "training file --holdout takes examples from (default chnsenticorp_train.tsv, the dev file's domain)")
	mode := fs.String("segmenter", "dag", "gse cutting mode the model is trained with: dag, hmm or shortest (the pipeline must cut the same way)")
	switch err := fs.Parse(args[1:]); {
	case errors.Is(err, flag.ErrHelp):
		return nil
	case err != nil:
		return fmt.Errorf("train: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected arguments %q", fs.Args())
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	modes := map[string]segment.Mode{"dag": segment.DAG, "hmm": segment.HMM, "shortest": segment.Shortest}
	segMode, ok := modes[*mode]
	if !ok {
		return fmt.Errorf("train: --segmenter %q is not dag, hmm or shortest", *mode)
	}
	seg, err := segment.Load(segMode)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	cfg := sentiment.TrainConfig{DataDir: *data, Segmenter: seg, Seed: *seed, Folds: *folds, Log: log,
		Epochs: *epochs, LearningRate: *lr, L2: *l2, InDomainWeight: *inWeight, HoldOut: *holdout, HoldOutFile: *holdoutFile}
	if *bits != 0 || *chars != 0 {
		cfg.Features = sentiment.DefaultFeatures(*seed)
		cfg.Features.Bits = cmp.Or(*bits, cfg.Features.Bits)
		cfg.Features.CharNGram = cmp.Or(*chars, cfg.Features.CharNGram)
	}
	m, rep, err := sentiment.Train(ctx, cfg)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	if err := writeModel(m, *out); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	printReport(stdout, rep, *out)
	return nil
}

func writeModel(m *sentiment.Model, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".model-*.tmp")
	if err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing model: %w", err)
	}
	if _, err := m.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing model: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	return nil
}

func printReport(w io.Writer, rep sentiment.Report, path string) {
	for _, f := range rep.Files {
		fmt.Fprintf(w, "file %s: %d examples (%d positive)\n", f.File, f.Examples, f.Positive)
	}
	fmt.Fprintf(w, "removed: %d repeating a dev text, %d repeats; trained on %d\n",
		rep.DroppedDevOverlap, rep.DroppedRepeats, rep.Examples)
	fmt.Fprintf(w, "segmenting: %s, training: %s\n", rep.SegmentTime.Round(time.Millisecond), rep.TrainTime.Round(time.Millisecond))
	fmt.Fprintf(w, "dev accuracy (%d examples): %.4f (float weights %.4f)\n", rep.DevExamples, rep.DevAccuracy, rep.DevAccuracyFloat)
	if rep.HoldOutExamples > 0 {
		fmt.Fprintf(w, "held-out accuracy (%s, %d examples; trained on %d): %.4f\n", rep.HoldOutFile, rep.HoldOutExamples, rep.HoldOutTrained, rep.HoldOutAccuracy)
	}
	if len(rep.CVAccuracy) > 0 {
		fmt.Fprintf(w, "%d-fold cross-validation accuracy: mean %.4f, folds %.4f\n", len(rep.CVAccuracy), rep.CVMean, rep.CVAccuracy)
	}
	fmt.Fprintf(w, "model written to %s\n", path)
}
