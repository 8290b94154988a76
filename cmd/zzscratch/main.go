// Command zzscratch is a temporary debugging aid (to be deleted).
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kqlhunt/kqlhunt/kql"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		q := sc.Text()
		if strings.TrimSpace(q) == "" {
			continue
		}
		res, err := kql.Eval(context.Background(), q, nil, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		fmt.Println(">>", q)
		if err != nil {
			fmt.Println("ERR", strings.Split(err.Error(), "\n")[0])
			continue
		}
		for _, c := range res.Columns {
			fmt.Printf("%s:%s ", c.Name, c.Type)
		}
		fmt.Println()
		for i, r := range res.Rows {
			if i > 20 {
				break
			}
			var cells []string
			for _, v := range r {
				cells = append(cells, v.Text())
			}
			fmt.Println("  ", strings.Join(cells, " | "))
		}
	}
}
