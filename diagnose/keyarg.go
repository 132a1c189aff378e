package diagnose

import (
	"errors"
	"fmt"
	"strings"

	"github.com/authlens/authlens/request"
)

// LoadKey reads a signature-check key as people give it on the command line
// and in the inspector: the shared secret itself, or @FILE holding a secret
// or a PEM public key.
func LoadKey(arg string) ([]byte, error) {
	if path, ok := strings.CutPrefix(arg, "@"); ok {
		b, err := request.ReadFileCapped(path, request.MaxKeyFile, "a key file")
		if err != nil {
			return nil, fmt.Errorf("read the key: %w", err)
		}
		if len(b) == 0 {
			return nil, fmt.Errorf("%s is empty", path)
		}
		return b, nil
	}
	if arg == "" {
		return nil, errors.New("empty key")
	}
	return []byte(arg), nil
}
