// Command registers writes the synthetic register scripts/bench measures
// Riskbook on: go run ./benchdata/registers -n 10000 -out register.csv.
// See package benchdata for what the register holds.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"riskbook/benchdata"
)

func main() {
	n := flag.Int("n", 10000, "how many risks")
	out := flag.String("out", "", "write to this file instead of standard output")
	flag.Parse()
	if err := run(*n, *out); err != nil {
		fmt.Fprintln(os.Stderr, "registers:", err)
		os.Exit(1)
	}
}

func run(n int, out string) error {
	if n < 1 {
		return fmt.Errorf("-n is %d; give a number of risks of at least 1", n)
	}
	var w io.Writer = os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
		if err := benchdata.Write(w, n); err != nil {
			return err
		}
		return f.Close()
	}
	return benchdata.Write(w, n)
}
