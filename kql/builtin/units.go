package builtin

import (
	"math"
	"strings"

	"github.com/kqlhunt/kqlhunt/value"
)

// convert_angle, convert_force, convert_length, convert_mass, convert_speed
// and convert_temperature: convert_X(value, from, to) with the engine's
// unit names (UnitsNet's); an unknown unit gives null.

// unitFactors maps each unit to its size in the quantity's base unit.
var unitFactors = map[string]map[string]float64{
	"convert_angle": {
		"Arcminute": 1.0 / 60, "Arcsecond": 1.0 / 3600, "Centiradian": 0.01 * 180 / math.Pi,
		"Deciradian": 0.1 * 180 / math.Pi, "Degree": 1, "Gradian": 0.9,
		"Microdegree": 1e-6, "Microradian": 1e-6 * 180 / math.Pi, "Millidegree": 1e-3,
		"Milliradian": 1e-3 * 180 / math.Pi, "Nanodegree": 1e-9,
		"Nanoradian": 1e-9 * 180 / math.Pi, "NatoMil": 360.0 / 6400,
		"Radian": 180 / math.Pi, "Revolution": 360,
	},
	"convert_force": {
		"Decanewton": 10, "Dyn": 1e-5, "KilogramForce": 9.80665, "Kilonewton": 1e3,
		"KiloPond": 9.80665, "KilopoundForce": 4448.2216152605, "Meganewton": 1e6,
		"Micronewton": 1e-6, "Millinewton": 1e-3, "Newton": 1,
		"OunceForce": 0.27801385095378125, "Poundal": 0.138254954376,
		"PoundForce": 4.4482216152605, "ShortTonForce": 8896.443230521, "TonneForce": 9806.65,
	},
	"convert_length": {
		"Angstrom": 1e-10, "AstronomicalUnit": 1.4959787070e11, "Centimeter": 1e-2,
		"Chain": 20.1168, "Decameter": 10, "Decimeter": 0.1, "DtpPica": 0.0254 / 6,
		"DtpPoint": 0.0254 / 72, "Fathom": 1.8288, "Foot": 0.3048, "Hand": 0.1016,
		"Hectometer": 100, "Inch": 0.0254, "KilolightYear": 9.46073047258e18,
		"Kilometer": 1e3, "Kiloparsec": 3.08567758128e19, "LightYear": 9.46073047258e15,
		"MegalightYear": 9.46073047258e21, "Megaparsec": 3.08567758128e22, "Meter": 1,
		"Microinch": 2.54e-8, "Micrometer": 1e-6, "Mil": 2.54e-5, "Mile": 1609.344,
		"Millimeter": 1e-3, "Nanometer": 1e-9, "NauticalMile": 1852,
		"Parsec": 3.08567758128e16, "PrinterPica": 0.0254 / 6.0225,
		"PrinterPoint": 0.0254 / 72.27, "Shackle": 27.432, "SolarRadius": 6.95510e8,
		"Twip": 0.0254 / 1440, "UsSurveyFoot": 1200.0 / 3937, "Yard": 0.9144,
	},
	"convert_mass": {
		"Centigram": 1e-5, "Decagram": 1e-2, "Decigram": 1e-4, "EarthMass": 5.9722e24,
		"Grain": 6.479891e-5, "Gram": 1e-3, "Hectogram": 0.1, "Kilogram": 1,
		"Kilopound": 453.59237, "Kilotonne": 1e6, "LongHundredweight": 50.80234544,
		"LongTon": 1016.0469088, "Megapound": 453592.37, "Megatonne": 1e9,
		"Microgram": 1e-9, "Milligram": 1e-6, "Nanogram": 1e-12, "Ounce": 0.028349523125,
		"Pound": 0.45359237, "ShortHundredweight": 45.359237, "ShortTon": 907.18474,
		"Slug": 14.593902937206, "SolarMass": 1.98947e30, "Stone": 6.35029318,
		"Tonne": 1e3,
	},
	"convert_speed": {
		"CentimeterPerHour": 0.01 / 3600, "CentimeterPerMinute": 0.01 / 60,
		"CentimeterPerSecond": 0.01, "DecimeterPerMinute": 0.1 / 60,
		"DecimeterPerSecond": 0.1, "FootPerHour": 0.3048 / 3600, "FootPerMinute": 0.3048 / 60,
		"FootPerSecond": 0.3048, "InchPerHour": 0.0254 / 3600, "InchPerMinute": 0.0254 / 60,
		"InchPerSecond": 0.0254, "KilometerPerHour": 1e3 / 3600, "KilometerPerMinute": 1e3 / 60,
		"KilometerPerSecond": 1e3, "Knot": 1852.0 / 3600, "MeterPerHour": 1.0 / 3600,
		"MeterPerMinute": 1.0 / 60, "MeterPerSecond": 1, "MicrometerPerMinute": 1e-6 / 60,
		"MicrometerPerSecond": 1e-6, "MilePerHour": 0.44704, "MillimeterPerHour": 1e-3 / 3600,
		"MillimeterPerMinute": 1e-3 / 60, "MillimeterPerSecond": 1e-3,
		"NanometerPerMinute": 1e-9 / 60, "NanometerPerSecond": 1e-9,
		"UsSurveyFootPerHour": 1200.0 / 3937 / 3600, "UsSurveyFootPerMinute": 1200.0 / 3937 / 60,
		"UsSurveyFootPerSecond": 1200.0 / 3937, "YardPerHour": 0.9144 / 3600,
		"YardPerMinute": 0.9144 / 60, "YardPerSecond": 0.9144,
	},
}

func init() {
	for name, units := range unitFactors {
		def(names(name), tReal, ks(kNum, kStr, kStr), 0, func(_ *Env, a []value.Value) value.Value {
			x, ok := argReal(a[0])
			from, ok1 := unitOf(units, argStr(a[1]))
			to, ok2 := unitOf(units, argStr(a[2]))
			if !ok || !ok1 || !ok2 {
				return value.Null(tReal)
			}
			return value.NewReal(x * from / to)
		})
	}
	def(names("convert_temperature"), tReal, ks(kNum, kStr, kStr), 0,
		func(_ *Env, a []value.Value) value.Value {
			x, ok := argReal(a[0])
			if !ok {
				return value.Null(tReal)
			}
			k, ok := toKelvin(x, argStr(a[1]))
			if !ok {
				return value.Null(tReal)
			}
			y, ok := fromKelvin(k, argStr(a[2]))
			if !ok {
				return value.Null(tReal)
			}
			return value.NewReal(y)
		})
}

// unitOf finds a unit by name, exactly or ignoring case.
func unitOf(units map[string]float64, name string) (float64, bool) {
	if f, ok := units[name]; ok {
		return f, true
	}
	for k, f := range units {
		if strings.EqualFold(k, name) {
			return f, true
		}
	}
	return 0, false
}

// temperature scales as (scale, offset): kelvin = x*scale + offset.
var tempScales = map[string][2]float64{
	"Kelvin": {1, 0}, "DegreeCelsius": {1, 273.15}, "MillidegreeCelsius": {1e-3, 273.15},
	"DegreeFahrenheit": {5.0 / 9, 459.67 * 5 / 9}, "DegreeRankine": {5.0 / 9, 0},
	"DegreeDelisle": {-2.0 / 3, 373.15}, "DegreeNewton": {100.0 / 33, 273.15},
	"DegreeReaumur": {5.0 / 4, 273.15}, "DegreeRoemer": {40.0 / 21, 273.15 - 7.5*40/21},
	"SolarTemperature": {5778, 0},
}

func tempScale(name string) ([2]float64, bool) {
	if s, ok := tempScales[name]; ok {
		return s, true
	}
	for k, s := range tempScales {
		if strings.EqualFold(k, name) {
			return s, true
		}
	}
	return [2]float64{}, false
}

func toKelvin(x float64, unit string) (float64, bool) {
	s, ok := tempScale(unit)
	return x*s[0] + s[1], ok
}

func fromKelvin(k float64, unit string) (float64, bool) {
	s, ok := tempScale(unit)
	return (k - s[1]) / s[0], ok
}
