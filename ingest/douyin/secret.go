package douyin

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// readSecret returns the secret held in file, else in the environment variable env. The
// error names field and where it looked, never the value.
func readSecret(field, file, env string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("reading %s_file: %w", field, err)
		}
		if s := strings.TrimSpace(string(b)); s != "" {
			return s, nil
		}
		return "", fmt.Errorf("%s_file: file is empty", field)
	}
	if env == "" {
		return "", errors.New(field + ": no file or environment variable configured")
	}
	if s := strings.TrimSpace(os.Getenv(env)); s != "" {
		return s, nil
	}
	return "", fmt.Errorf("%s: set %s_file or the environment variable %s", field, field, env)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// jsonMarshal is json.Marshal with the error wrapped.
func jsonMarshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding json: %w", err)
	}
	return b, nil
}
