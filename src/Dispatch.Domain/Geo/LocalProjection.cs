namespace Dispatch.Domain.Geo;

/// <summary>
/// Equirectangular projection around a reference latitude: metres east/north. Over a county
/// (tens of kilometres) the error is far below GPS noise, and it keeps snapping arithmetic planar.
/// </summary>
public sealed class LocalProjection(double referenceLat)
{
    private const double MetresPerDegreeLat = 111_132.954;
    private readonly double _metresPerDegreeLon = MetresPerDegreeLat * Math.Cos(referenceLat * Math.PI / 180);

    public (double X, double Y) ToMetres(GeoPoint p) => (p.Lon * _metresPerDegreeLon, p.Lat * MetresPerDegreeLat);

    public GeoPoint ToGeo(double x, double y) => new(y / MetresPerDegreeLat, x / _metresPerDegreeLon);

    /// <summary>Straight-line metres between two nearby points, projected around their mean latitude.</summary>
    public static double DistanceMetres(GeoPoint a, GeoPoint b)
    {
        var projection = new LocalProjection((a.Lat + b.Lat) / 2);
        var (ax, ay) = projection.ToMetres(a);
        var (bx, by) = projection.ToMetres(b);
        return Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
    }
}
