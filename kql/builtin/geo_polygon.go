package builtin

import (
	"github.com/kqlhunt/kqlhunt/value"
)

// geo_point_in_polygon(lon, lat, polygon) for GeoJSON Polygon and
// MultiPolygon values. Edges are taken as straight lines in longitude and
// latitude (the engine uses geodesics), which agrees except for points very
// close to long edges.

func init() {
	def(names("geo_point_in_polygon"), tBool, ks(kNum, kNum, kDyn), 0,
		func(_ *Env, a []value.Value) value.Value {
			lon, ok1 := argReal(a[0])
			lat, ok2 := argReal(a[1])
			if !ok1 || !ok2 || !validLonLat(lon, lat) {
				return value.Null(tBool)
			}
			polys, ok := geoPolygons(a[2])
			if !ok {
				return value.Null(tBool)
			}
			for _, rings := range polys {
				if inRings(lon, lat, rings) {
					return value.NewBool(true)
				}
			}
			return value.NewBool(false)
		})
}

type ring [][2]float64

// geoPolygons reads a Polygon or MultiPolygon into polygons of rings (the
// first ring the shell, the others holes).
func geoPolygons(v value.Value) ([][]ring, bool) {
	kind := ToString(Member(v, "type"))
	coords := Member(v, "coordinates")
	switch kind {
	case "Polygon":
		rs, ok := readRings(coords)
		return [][]ring{rs}, ok
	case "MultiPolygon":
		arr, ok := coords.Array()
		if !ok {
			return nil, false
		}
		var out [][]ring
		for _, p := range arr {
			rs, ok := readRings(value.ToDynamic(p))
			if !ok {
				return nil, false
			}
			out = append(out, rs)
		}
		return out, true
	}
	return nil, false
}

func readRings(v value.Value) ([]ring, bool) {
	arr, ok := v.Array()
	if !ok || len(arr) == 0 {
		return nil, false
	}
	var out []ring
	for _, r := range arr {
		pts, ok := value.ToDynamic(r).Array()
		if !ok || len(pts) < 4 {
			return nil, false
		}
		var rg ring
		for _, p := range pts {
			xy, ok := value.ToDynamic(p).Array()
			if !ok || len(xy) < 2 {
				return nil, false
			}
			x, ok1 := argReal(xy[0])
			y, ok2 := argReal(xy[1])
			if !ok1 || !ok2 {
				return nil, false
			}
			rg = append(rg, [2]float64{x, y})
		}
		out = append(out, rg)
	}
	return out, true
}

// inRings is the even-odd test over a shell and its holes.
func inRings(x, y float64, rings []ring) bool {
	in := false
	for _, r := range rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			xi, yi, xj, yj := r[i][0], r[i][1], r[j][0], r[j][1]
			if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
				in = !in
			}
		}
	}
	return in
}
