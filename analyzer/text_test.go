package analyzer

import (
	"encoding/json"
)

// summaryText renders a summary for comparisons in tests.
func summaryText(s *Summary) string {
	b, err := json.Marshal(s)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
