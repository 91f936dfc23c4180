package sqlite

import (
	"context"
	"errors"
)

// Reading ahead: a snapshot's register and change log are read on a
// goroutine of their own a batch ahead of the caller, so that one core
// reads the file while the other writes the document or the dump.

// errStopped ends a read whose batches are no longer wanted.
var errStopped = errors.New("read ahead: stopped")

// readAhead calls read on a goroutine of its own; read hands each batch to
// send, which says false once no more are wanted (read then returns). take
// is called with the batches in order on the caller's goroutine. It
// returns take's first error, else read's, and only after read has
// returned: whatever read uses is free again.
func readAhead[T any](read func(send func(T) bool) error, take func(T) error) error {
	next := make(chan T, 1)
	stop := make(chan struct{})
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(done)
		defer close(next)
		readErr = read(func(b T) bool {
			select {
			case next <- b:
				return true
			case <-stop:
				return false
			}
		})
	}()
	var err error
	for b := range next {
		if err = take(b); err != nil {
			break
		}
	}
	close(stop)
	<-done
	if err != nil {
		return err
	}
	return readErr
}

// changeBatch is how many change-log rows are handed over at a time.
const changeBatch = 256

// scanChangesAhead is scanChanges reading ahead of fn.
func scanChangesAhead(ctx context.Context, qr queryer, q string, args []any, fn func(*Change) error) error {
	return readAhead(func(send func([]Change) bool) error {
		batch := make([]Change, 0, changeBatch)
		err := scanChanges(ctx, qr, q, args, func(c *Change) error {
			if batch = append(batch, *c); len(batch) == changeBatch {
				if !send(batch) {
					return errStopped
				}
				batch = make([]Change, 0, changeBatch)
			}
			return nil
		})
		if err == nil && len(batch) > 0 && !send(batch) {
			return errStopped
		}
		return err
	}, func(batch []Change) error {
		if err := ctx.Err(); err != nil {
			return err // read ahead already, but no longer wanted
		}
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				return err
			}
		}
		return nil
	})
}
