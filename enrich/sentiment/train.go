package sentiment

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/lingting/lingting/enrich/segment"
)

// TrainConfig configures Train. The zero values of the optional fields take the defaults
// stated; the defaults are the configuration of the shipped model.
type TrainConfig struct {
	// DataDir holds the labelled files (../shared/data/sentiment). Required.
	DataDir string
	// TrainFiles are read from DataDir and trained on. Default: chnsenticorp_train.tsv,
	// waimai_10k.csv, online_shopping_10_cats.csv.
	TrainFiles []string
	// DevFile is evaluated, never trained on. Default chnsenticorp_dev.tsv; "-" for none.
	DevFile string
	// Segmenter cuts texts into words. Required.
	Segmenter *segment.Segmenter
	// Features: default {Bits: 20, Seed: Seed, CharNGram: 3, WordBigrams: true,
	// NegScope: 3, Normalize: true}.
	Features *FeatureConfig
	// Seed drives shuffling and the hash seed; the same seed and data give the same model.
	Seed uint64
	// Epochs over the training set. Default 4.
	Epochs int
	// LearningRate is AdaGrad's base rate. Default 0.2.
	LearningRate float64
	// L2 is the L2 penalty applied to each touched weight per update. Default 1e-6.
	L2 float64
	// InDomainFile is the training file from the dev file's source (hotel, book and
	// electronics reviews); its examples weigh InDomainWeight times as much in the loss.
	// Default chnsenticorp_train.tsv.
	InDomainFile string
	// InDomainWeight multiplies the loss gradient of InDomainFile's examples. Default 16;
	// 1 weighs every example alike.
	InDomainWeight float64
	// HoldOut > 1 also trains a model without every HoldOut-th example of HoldOutFile (nor
	// any training example sharing its first 30 characters) and reports its accuracy on
	// them: with the default file, a check in the dev file's domain that is not the dev
	// file (slower: one extra training). Default 0: none.
	HoldOut int
	// HoldOutFile is the training file HoldOut takes examples from. Default InDomainFile.
	HoldOutFile string
	// Folds > 1 also runs that many-fold cross-validation on the training files (slower:
	// one extra training per fold). Default 0: none.
	Folds int
	// Log receives progress; nil discards.
	Log *slog.Logger
}

// Validate reports the first invalid field.
func (c TrainConfig) Validate() error {
	switch {
	case c.DataDir == "":
		return errors.New("train config: DataDir is empty")
	case c.Segmenter == nil:
		return errors.New("train config: Segmenter is nil")
	case c.Epochs < 0:
		return fmt.Errorf("train config: Epochs %d is negative", c.Epochs)
	case c.LearningRate < 0 || c.L2 < 0 || c.InDomainWeight < 0:
		return errors.New("train config: LearningRate, L2 and InDomainWeight must not be negative")
	case c.HoldOut < 0 || c.HoldOut == 1:
		return fmt.Errorf("train config: HoldOut %d must be 0 or at least 2", c.HoldOut)
	case c.Folds < 0 || c.Folds == 1:
		return fmt.Errorf("train config: Folds %d must be 0 or at least 2", c.Folds)
	case c.Features != nil && (c.Features.Bits < 10 || c.Features.Bits > maxBits):
		return fmt.Errorf("train config: Features.Bits %d not in [10, %d]", c.Features.Bits, maxBits)
	}
	return nil
}

// DefaultFeatures returns the feature configuration of the shipped model for a seed.
func DefaultFeatures(seed uint64) *FeatureConfig {
	return &FeatureConfig{Bits: 20, Seed: seed, CharNGram: 3, WordBigrams: true, NegScope: 3, Normalize: true}
}

func (c TrainConfig) withDefaults() TrainConfig {
	if len(c.TrainFiles) == 0 {
		c.TrainFiles = []string{FileChnSentiCorpTrain, FileWaimai, FileOnlineShopping}
	}
	if c.DevFile == "" {
		c.DevFile = FileChnSentiCorpDev
	}
	if c.InDomainFile == "" {
		c.InDomainFile = FileChnSentiCorpTrain
	}
	if c.HoldOutFile == "" {
		c.HoldOutFile = c.InDomainFile
	}
	if c.InDomainWeight == 0 {
		c.InDomainWeight = 16
	}
	if c.Features == nil {
		c.Features = DefaultFeatures(c.Seed)
	}
	if c.Epochs == 0 {
		c.Epochs = 4
	}
	if c.LearningRate == 0 {
		c.LearningRate = 0.2
	}
	if c.L2 == 0 {
		c.L2 = 1e-6
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return c
}

// FileCount is how many examples one file gave.
type FileCount struct {
	File     string
	Examples int
	Positive int
}

// Report is what Train measured.
type Report struct {
	Files             []FileCount
	Examples          int // trained on, after the removals below
	DroppedDevOverlap int // training examples removed because they repeat a dev text
	DroppedRepeats    int // training examples removed as exact repeats of another
	DevExamples       int
	DevAccuracy       float64   // quantised model, as shipped
	DevAccuracyFloat  float64   // before quantisation
	HoldOutFile       string    // TrainConfig.HoldOutFile, when HoldOut > 1
	HoldOutExamples   int       // its examples held out
	HoldOutTrained    int       // examples the held-out check's model trained on
	HoldOutAccuracy   float64   // on them, float weights
	CVAccuracy        []float64 // per fold, float weights
	CVMean            float64
	TrainTime         time.Duration // featurising and training the final model
	SegmentTime       time.Duration
}

// Train reads the configured files, trains a logistic regression with AdaGrad and returns
// the model (weights as they will be written, i.e. quantised) and a report. It blocks for
// tens of seconds and checks ctx between epochs.
func Train(ctx context.Context, cfg TrainConfig) (*Model, Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, Report{}, err
	}
	cfg = cfg.withDefaults()
	var rep Report
	all, allFile, err := readFiles(cfg, &rep)
	if err != nil {
		return nil, rep, err
	}
	var dev []Example
	if cfg.DevFile != "-" {
		if dev, err = ReadExamples(filepath.Join(cfg.DataDir, cfg.DevFile)); err != nil {
			return nil, rep, err
		}
	}
	kept, overlap, repeats := dedup(all, dev)
	rep.DroppedDevOverlap, rep.DroppedRepeats = overlap, repeats
	train := make([]Example, len(kept))
	file := make([]string, len(kept))
	weight := make([]float32, len(kept))
	for j, i := range kept {
		train[j], file[j], weight[j] = all[i], allFile[i], 1
		if file[j] == cfg.InDomainFile {
			weight[j] = float32(cfg.InDomainWeight)
		}
	}
	rep.Examples = len(train)
	cfg.Log.Info("removed training examples", "repeating_dev", rep.DroppedDevOverlap, "repeated", rep.DroppedRepeats)
	start := time.Now()
	trainIn := prepareAll(cfg.Segmenter, train)
	devIn := prepareAll(cfg.Segmenter, dev)
	rep.SegmentTime = time.Since(start)
	cfg.Log.Info("segmented sentiment data", "examples", len(train)+len(dev), "seconds", rep.SegmentTime.Seconds())

	start = time.Now()
	meta := Meta{Algorithm: fmt.Sprintf("logistic regression, AdaGrad, %s weighted %g", cfg.InDomainFile, cfg.InDomainWeight), Segmenter: "gse zh_s " + cfg.Segmenter.Mode().String(), Epochs: cfg.Epochs, TrainFiles: cfg.TrainFiles, Examples: len(train)}
	m := newModel(*cfg.Features, meta)
	x := featurize(m, trainIn)
	y := labels(train)
	if err := fit(ctx, m, x, y, weight, cfg, nil); err != nil {
		return nil, rep, err
	}
	rep.TrainTime = time.Since(start)
	devX, devY := featurize(m, devIn), labels(dev)
	rep.DevExamples = len(dev)
	rep.DevAccuracyFloat = accuracy(m, devX, devY)
	q, err := roundTrip(m)
	if err != nil {
		return nil, rep, err
	}
	rep.DevAccuracy = accuracy(q, devX, devY)
	q.meta.DevAccuracy = rep.DevAccuracy
	cfg.Log.Info("trained sentiment model", "dev_accuracy", rep.DevAccuracy, "seconds", rep.TrainTime.Seconds())
	if cfg.HoldOut > 1 {
		if err := checkHoldOut(ctx, cfg, train, file, x, y, weight, &rep); err != nil {
			return nil, rep, err
		}
	}
	if cfg.Folds > 1 {
		if err := crossValidate(ctx, cfg, x, y, weight, &rep); err != nil {
			return nil, rep, err
		}
	}
	return q, rep, nil
}

// checkHoldOut trains a model without every cfg.HoldOut-th example of cfg.HoldOutFile
// (and their near-duplicates, see holdOut) and records its accuracy on them in rep.
func checkHoldOut(ctx context.Context, cfg TrainConfig, train []Example, file []string, x [][]uint32, y, weight []float32, rep *Report) error {
	held, rest := holdOut(train, file, cfg.HoldOutFile, cfg.HoldOut)
	if len(held) == 0 {
		return fmt.Errorf("hold-out file %s is not a training file", cfg.HoldOutFile)
	}
	m := newModel(*cfg.Features, Meta{})
	if err := fit(ctx, m, x, y, weight, cfg, rest); err != nil {
		return err
	}
	hx, hy := make([][]uint32, len(held)), make([]float32, len(held))
	for j, i := range held {
		hx[j], hy[j] = x[i], y[i]
	}
	rep.HoldOutFile, rep.HoldOutExamples, rep.HoldOutTrained = cfg.HoldOutFile, len(held), len(rest)
	rep.HoldOutAccuracy = accuracy(m, hx, hy)
	cfg.Log.Info("held-out check", "file", cfg.HoldOutFile, "held_out", len(held), "accuracy", rep.HoldOutAccuracy)
	return nil
}

// readFiles reads the training files, and names each example's file.
func readFiles(cfg TrainConfig, rep *Report) ([]Example, []string, error) {
	var all []Example
	var file []string
	for _, f := range cfg.TrainFiles {
		ex, err := ReadExamples(filepath.Join(cfg.DataDir, f))
		if err != nil {
			return nil, nil, err
		}
		for range ex {
			file = append(file, f)
		}
		fc := FileCount{File: f, Examples: len(ex)}
		for _, e := range ex {
			if e.Positive {
				fc.Positive++
			}
		}
		rep.Files = append(rep.Files, fc)
		all = append(all, ex...)
	}
	rep.Examples = len(all)
	return all, file, nil
}

// PrepareText builds a model Input from plain text: NFKC is assumed done; the text is cut
// by seg. Emoticons and emoji are not extracted (the enrich pipeline does that).
func PrepareText(seg *segment.Segmenter, text string) Input {
	return Input{Text: text, Words: seg.Cut(text)}
}

// prepareAll segments every example, on all CPUs, keeping order.
func prepareAll(seg *segment.Segmenter, ex []Example) []Input {
	out := make([]Input, len(ex))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ex); i += workers {
				out[i] = PrepareText(seg, ex[i].Text)
			}
		})
	}
	wg.Wait()
	return out
}

func featurize(m *Model, in []Input) [][]uint32 {
	x := make([][]uint32, len(in))
	for i := range in {
		x[i] = m.indices(in[i], nil)
	}
	return x
}

func labels(ex []Example) []float32 {
	y := make([]float32, len(ex))
	for i, e := range ex {
		if e.Positive {
			y[i] = 1
		}
	}
	return y
}

// fit runs cfg.Epochs of AdaGrad logistic regression over the examples listed in rows
// (nil: all), in an order shuffled per epoch from cfg.Seed. Example i's loss gradient is
// multiplied by weight[i].
func fit(ctx context.Context, m *Model, x [][]uint32, y, weight []float32, cfg TrainConfig, rows []int) error {
	if rows == nil {
		rows = make([]int, len(x))
		for i := range rows {
			rows[i] = i
		}
	}
	g2 := make([]float32, len(m.w))
	var biasG2 float32
	lr, l2 := float32(cfg.LearningRate), float32(cfg.L2)
	for epoch := range cfg.Epochs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("training sentiment model: %w", err)
		}
		r := rand.New(rand.NewPCG(cfg.Seed, uint64(epoch)))
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		for _, row := range rows {
			g := (sigmoid(m.logit(x[row])) - y[row]) * weight[row]
			biasG2 += g * g
			m.bias -= lr * g / (sqrt32(biasG2) + 1e-6)
			step(m.w, g2, x[row], g*m.featureScale(len(x[row])), lr, l2)
		}
	}
	return nil
}

// step applies one AdaGrad update with loss gradient g (per unit feature value) to the
// weights of features x.
func step(w, g2 []float32, x []uint32, g, lr, l2 float32) {
	for _, i := range x {
		gi := g + l2*w[i]
		g2[i] += gi * gi
		w[i] -= lr * gi / (sqrt32(g2[i]) + 1e-6)
	}
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

func sigmoid(z float32) float32 { return float32(1 / (1 + math.Exp(-float64(z)))) }

func accuracy(m *Model, x [][]uint32, y []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	right := 0
	for i := range x {
		if (m.logit(x[i]) > 0) == (y[i] > 0.5) {
			right++
		}
	}
	return float64(right) / float64(len(x))
}
