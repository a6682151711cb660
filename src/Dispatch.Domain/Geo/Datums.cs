namespace Dispatch.Domain.Geo;

/// <summary>A position exactly as a client sent it, with the datum it named.</summary>
public sealed record GivenPosition(double Lat, double Lon, string Datum);

/// <summary>
/// The coordinate systems Chinese maps hand out. WGS-84 and CGCS2000 differ by centimetres and are
/// taken as one. GCJ-02 (Amap, Tencent) is WGS-84 pushed by a published obfuscation polynomial on the
/// Krasovsky ellipsoid; BD-09 (Baidu) is GCJ-02 pushed again. Converting to WGS-84 inverts them by
/// fixed-point iteration to well under a centimetre. Outside China both are WGS-84 unchanged.
/// </summary>
public static class Datums
{
    public const string Gcj02 = "GCJ-02";
    public const string Bd09 = "BD-09";
    public const string Cgcs2000 = "CGCS2000";

    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WGS-84"] = GeoPoint.Wgs84, ["WGS84"] = GeoPoint.Wgs84,
        ["CGCS2000"] = Cgcs2000, ["CGCS-2000"] = Cgcs2000,
        ["GCJ-02"] = Gcj02, ["GCJ02"] = Gcj02,
        ["BD-09"] = Bd09, ["BD09"] = Bd09, ["BD-09LL"] = Bd09,
    };

    public static IReadOnlyCollection<string> Supported => [GeoPoint.Wgs84, Cgcs2000, Gcj02, Bd09];

    /// <summary>The canonical name of a datum a client named, or null if it is not one we convert.</summary>
    public static string? Canonical(string? name) => name is not null && Names.TryGetValue(name, out var canonical) ? canonical : null;

    public static GeoPoint ToWgs84(GivenPosition given) => Canonical(given.Datum) switch
    {
        GeoPoint.Wgs84 or Cgcs2000 => new GeoPoint(given.Lat, given.Lon),
        Gcj02 => Gcj02ToWgs84(given.Lat, given.Lon),
        Bd09 => Gcj02ToWgs84Point(Bd09ToGcj02(given.Lat, given.Lon)),
        _ => throw new ArgumentException($"Unsupported datum '{given.Datum}'.", nameof(given)),
    };

    public static (double Lat, double Lon) Wgs84ToGcj02(double lat, double lon)
    {
        if (OutsideChina(lat, lon)) return (lat, lon);
        const double a = 6378245.0;               // Krasovsky 1940 semi-major axis
        const double ee = 0.00669342162296594323; // and its first eccentricity squared
        var dLat = ShiftLat(lon - 105.0, lat - 35.0);
        var dLon = ShiftLon(lon - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = 1 - ee * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (a * (1 - ee) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (a / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (lat + dLat, lon + dLon);
    }

    public static (double Lat, double Lon) Gcj02ToBd09(double lat, double lon)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * XPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * XPi);
        return (z * Math.Sin(theta) + 0.006, z * Math.Cos(theta) + 0.0065);
    }

    public static GeoPoint Gcj02ToWgs84(double lat, double lon) => Invert(lat, lon, Wgs84ToGcj02);

    public static (double Lat, double Lon) Bd09ToGcj02(double lat, double lon)
    {
        var p = Invert(lat, lon, Gcj02ToBd09);
        return (p.Lat, p.Lon);
    }

    private static GeoPoint Gcj02ToWgs84Point((double Lat, double Lon) gcj) => Gcj02ToWgs84(gcj.Lat, gcj.Lon);

    private const double XPi = Math.PI * 3000.0 / 180.0;

    /// <summary>Solves forward(x) = target for x; the shifts vary slowly, so x -= forward(x) - target converges fast.</summary>
    private static GeoPoint Invert(double lat, double lon, Func<double, double, (double Lat, double Lon)> forward)
    {
        double x = lat, y = lon;
        for (var i = 0; i < 30; i++)
        {
            var (fLat, fLon) = forward(x, y);
            double eLat = fLat - lat, eLon = fLon - lon;
            x -= eLat;
            y -= eLon;
            if (Math.Abs(eLat) < 1e-12 && Math.Abs(eLon) < 1e-12) break;
        }
        return new GeoPoint(x, y);
    }

    private static bool OutsideChina(double lat, double lon) => lon is < 72.004 or > 137.8347 || lat is < 0.8293 or > 55.8271;

    private static double ShiftLat(double x, double y)
    {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320.0 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double ShiftLon(double x, double y)
    {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
