// Command vpos is the command-line companion of the vpos library.
//
//	vpos demo [-db FILE] [-bank nestpay]   run every operation against the built-in fake banks
//
// The demo starts the fake banks in-process, takes payments through them
// with the library exactly as an application would (non-3D, declined,
// 3-D Secure through the ACS, pre-auth and partial capture, void, partial
// refund, status, history), stores every attempt in SQLite and prints what
// happened. It exits non-zero if any step does not behave as expected.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: vpos <command> [flags]

commands:
  demo    take payments through the built-in fake banks and print what happened
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch args[0] {
	case "demo":
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		fs.SetOutput(stderr)
		db := fs.String("db", "vpos-demo.db", "SQLite file to store the transactions in (\":memory:\" keeps nothing)")
		bank := fs.String("bank", "", "run only this bank's demo (default: all)")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		return demo(ctx, *db, *bank, stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "vpos: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
}
