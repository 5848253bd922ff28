package sentiment

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
)

// crossValidate trains cfg.Folds models, each on all folds but one, and records each
// held-out fold's accuracy. Folds are assigned by a seeded shuffle.
func crossValidate(ctx context.Context, cfg TrainConfig, x [][]uint32, y, weight []float32, rep *Report) error {
	perm := rand.New(rand.NewPCG(cfg.Seed, 1<<40)).Perm(len(x))
	var sum float64
	for k := range cfg.Folds {
		var trainRows []int
		var testX [][]uint32
		var testY []float32
		for pos, row := range perm {
			if pos%cfg.Folds == k {
				testX, testY = append(testX, x[row]), append(testY, y[row])
			} else {
				trainRows = append(trainRows, row)
			}
		}
		m := newModel(*cfg.Features, Meta{})
		if err := fit(ctx, m, x, y, weight, cfg, trainRows); err != nil {
			return err
		}
		acc := accuracy(m, testX, testY)
		cfg.Log.Info("cross-validation fold", "fold", k+1, "accuracy", acc)
		rep.CVAccuracy = append(rep.CVAccuracy, acc)
		sum += acc
	}
	rep.CVMean = sum / float64(cfg.Folds)
	return nil
}

// roundTrip writes and reads m back, so the returned model has exactly the shipped
// (quantised) weights.
func roundTrip(m *Model) (*Model, error) {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, err
	}
	q, err := ReadModel(&buf)
	if err != nil {
		return nil, fmt.Errorf("reading back trained model: %w", err)
	}
	return q, nil
}
