namespace Dispatch.Domain.Geo;

/// <summary>A WGS-84 position. Every coordinate inside the system is WGS-84; other datums are converted once at the edge.</summary>
public sealed record GeoPoint(double Lat, double Lon)
{
    public const string Wgs84 = "WGS-84";

    /// <summary>Written out with every coordinate, so no reader has to guess the datum.</summary>
    public string Datum => Wgs84;
    private const double EarthRadiusMetres = 6_371_008.8;

    public static bool IsValid(double lat, double lon) =>
        double.IsFinite(lat) && double.IsFinite(lon) && lat is >= -90 and <= 90 && lon is >= -180 and <= 180;

    public double MetresTo(GeoPoint other)
    {
        var dLat = ToRadians(other.Lat - Lat);
        var dLon = ToRadians(other.Lon - Lon);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(ToRadians(Lat)) * Math.Cos(ToRadians(other.Lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
