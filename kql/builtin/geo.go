package builtin

import (
	"math"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// Geospatial functions on a spherical Earth (mean radius), and geohash
// cells. Longitudes must lie in [-180, 180] and latitudes in [-90, 90];
// otherwise the result is null. s2 and h3 cells are not implemented.

const earthRadius = 6371008.8 // meters

const geohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"

func init() {
	def(names("geo_distance_2points"), tReal, ks(kNum, kNum, kNum, kNum), 0,
		func(_ *Env, a []value.Value) value.Value {
			p, ok := geoPoints(a)
			if !ok {
				return value.Null(tReal)
			}
			return value.NewReal(sphereDistance(p[0], p[1], p[2], p[3]))
		})
	def(names("geo_point_in_circle"), tBool, ks(kNum, kNum, kNum, kNum, kNum), 0,
		func(_ *Env, a []value.Value) value.Value {
			p, ok := geoPoints(a[:4])
			r, ok2 := argReal(a[4])
			if !ok || !ok2 || r < 0 || math.IsNaN(r) {
				return value.Null(tBool)
			}
			return value.NewBool(sphereDistance(p[0], p[1], p[2], p[3]) <= r)
		})
	def(names("geo_azimuth"), tReal, ks(kNum, kNum, kNum, kNum), 0,
		func(_ *Env, a []value.Value) value.Value {
			p, ok := geoPoints(a)
			if !ok || p[0] == p[2] && p[1] == p[3] {
				return value.Null(tReal)
			}
			f1, f2 := rad(p[1]), rad(p[3])
			dl := rad(p[2] - p[0])
			y := math.Sin(dl) * math.Cos(f2)
			x := math.Cos(f1)*math.Sin(f2) - math.Sin(f1)*math.Cos(f2)*math.Cos(dl)
			az := math.Atan2(y, x)
			if az < 0 {
				az += 2 * math.Pi
			}
			return value.NewReal(az)
		})
	def(names("geo_point_to_geohash"), tString, ks(kNum, kNum, kInt), 1,
		func(_ *Env, a []value.Value) value.Value {
			lon, ok1 := argReal(a[0])
			lat, ok2 := argReal(a[1])
			n := int64(5)
			ok3 := true
			if len(a) > 2 {
				n, ok3 = argLong(a[2])
			}
			if !ok1 || !ok2 || !ok3 || n < 1 || n > 18 || !validLonLat(lon, lat) {
				return str("")
			}
			return str(geohashEncode(lon, lat, int(n)))
		})
	def(names("geo_geohash_to_central_point"), tDyn, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			box, ok := geohashBox(argStr(a[0]))
			if !ok {
				return value.NullDynamic
			}
			return geoPoint((box[0]+box[2])/2, (box[1]+box[3])/2)
		})
	def(names("geo_geohash_to_polygon"), tDyn, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			box, ok := geohashBox(argStr(a[0]))
			if !ok {
				return value.NullDynamic
			}
			ring := value.Array{}
			for _, c := range [][2]float64{{box[0], box[1]}, {box[2], box[1]}, {box[2], box[3]},
				{box[0], box[3]}, {box[0], box[1]}} {
				ring = append(ring, value.NewArray(value.Array{value.NewReal(c[0]),
					value.NewReal(c[1])}))
			}
			b := &value.Bag{}
			b.Set("type", str("Polygon"))
			b.Set("coordinates", value.NewArray(value.Array{value.NewArray(ring)}))
			return value.NewBag(b)
		})
	def(names("geo_geohash_neighbors"), tDyn, ks(kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			h := argStr(a[0])
			box, ok := geohashBox(h)
			if !ok {
				return value.NullDynamic
			}
			w, hgt := box[2]-box[0], box[3]-box[1]
			cx, cy := (box[0]+box[2])/2, (box[1]+box[3])/2
			out := value.Array{}
			for _, d := range [][2]float64{{0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}, {-1, -1},
				{-1, 0}, {-1, 1}} {
				lon, lat := cx+d[0]*w, cy+d[1]*hgt
				if lat > 90 || lat < -90 {
					continue
				}
				lon = math.Mod(lon+540, 360) - 180
				out = append(out, str(geohashEncode(lon, lat, len(h))))
			}
			return value.NewArray(out)
		})
}

func rad(d float64) float64 { return d * math.Pi / 180 }

func validLonLat(lon, lat float64) bool {
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

// geoPoints reads lon1, lat1, lon2, lat2 and checks their ranges.
func geoPoints(a []value.Value) ([4]float64, bool) {
	var p [4]float64
	for i := range p {
		f, ok := argReal(a[i])
		if !ok {
			return p, false
		}
		p[i] = f
	}
	return p, validLonLat(p[0], p[1]) && validLonLat(p[2], p[3])
}

// sphereDistance is the great-circle distance in meters (haversine).
func sphereDistance(lon1, lat1, lon2, lat2 float64) float64 {
	f1, f2 := rad(lat1), rad(lat2)
	df, dl := f2-f1, rad(lon2-lon1)
	h := math.Sin(df/2)*math.Sin(df/2) + math.Cos(f1)*math.Cos(f2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}

// geoPoint is a GeoJSON point.
func geoPoint(lon, lat float64) value.Value {
	b := &value.Bag{}
	b.Set("type", str("Point"))
	b.Set("coordinates", value.NewArray(value.Array{value.NewReal(lon), value.NewReal(lat)}))
	return value.NewBag(b)
}

func geohashEncode(lon, lat float64, n int) string {
	lo := [2]float64{-180, 180}
	la := [2]float64{-90, 90}
	var b strings.Builder
	bit, ch, even := 0, 0, true
	for b.Len() < n {
		r, v := &la, lat
		if even {
			r, v = &lo, lon
		}
		mid := (r[0] + r[1]) / 2
		ch <<= 1
		if v >= mid {
			ch |= 1
			r[0] = mid
		} else {
			r[1] = mid
		}
		even = !even
		if bit++; bit == 5 {
			b.WriteByte(geohashAlphabet[ch])
			bit, ch = 0, 0
		}
	}
	return b.String()
}

// geohashBox decodes a geohash into [minLon, minLat, maxLon, maxLat].
func geohashBox(h string) ([4]float64, bool) {
	lo := [2]float64{-180, 180}
	la := [2]float64{-90, 90}
	if h == "" || len(h) > 18 {
		return [4]float64{}, false
	}
	even := true
	for i := 0; i < len(h); i++ {
		c := strings.IndexByte(geohashAlphabet, h[i])
		if c < 0 {
			return [4]float64{}, false
		}
		for k := 4; k >= 0; k-- {
			r := &la
			if even {
				r = &lo
			}
			mid := (r[0] + r[1]) / 2
			if c>>k&1 == 1 {
				r[0] = mid
			} else {
				r[1] = mid
			}
			even = !even
		}
	}
	return [4]float64{lo[0], la[0], lo[1], la[1]}, true
}
