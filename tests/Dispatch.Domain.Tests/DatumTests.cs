using Dispatch.Domain.Geo;

namespace Dispatch.Domain.Tests;

/// <summary>
/// Checked against the values published with the widely used coordtransform library
/// (wandergis/coordtransform, test/app.js, input lon 116.404, lat 39.915) and against Beijing railway
/// station as published in the R package documentation of a GCJ/BD converter (GCJ-02 39.90245,
/// 116.42703 = BD-09 39.90851, 116.43351, rounded to 5 decimals).
/// </summary>
public class DatumTests
{
    private const double Lat = 39.915, Lon = 116.404;

    [Fact]
    public void WGS84_to_GCJ02_matches_the_published_value()
    {
        var (lat, lon) = Datums.Wgs84ToGcj02(Lat, Lon);
        Assert.Equal(39.91640428150164, lat, 1e-9);
        Assert.Equal(116.41024449916938, lon, 1e-9);
    }

    [Fact]
    public void GCJ02_to_BD09_matches_the_published_value()
    {
        var (lat, lon) = Datums.Gcj02ToBd09(Lat, Lon);
        Assert.Equal(39.92133699351021, lat, 1e-9);
        Assert.Equal(116.41036949371029, lon, 1e-9);
    }

    [Fact]
    public void BD09_to_GCJ02_agrees_with_the_published_one_step_value_to_a_few_centimetres()
    {
        var (lat, lon) = Datums.Bd09ToGcj02(Lat, Lon);
        Assert.True(new GeoPoint(lat, lon).MetresTo(new GeoPoint(39.90865673957631, 116.39762729119315)) < 0.05);
    }

    [Fact]
    public void GCJ02_to_WGS84_improves_on_the_published_one_step_value()
    {
        // The library's inverse is a single approximate step (metre-level error); ours is exact to well under a centimetre.
        var wgs = Datums.Gcj02ToWgs84(Lat, Lon);
        Assert.True(wgs.MetresTo(new GeoPoint(39.91359571849836, 116.39775550083061)) < 2.0);
        var (backLat, backLon) = Datums.Wgs84ToGcj02(wgs.Lat, wgs.Lon);
        Assert.True(new GeoPoint(backLat, backLon).MetresTo(new GeoPoint(Lat, Lon)) < 0.01);
    }

    [Fact]
    public void Beijing_railway_station_in_Baidu_and_GCJ_coordinates_agree()
    {
        var (lat, lon) = Datums.Bd09ToGcj02(39.90851, 116.43351);
        Assert.True(new GeoPoint(lat, lon).MetresTo(new GeoPoint(39.90245, 116.42703)) < 1.5); // 5-decimal rounding is about 1 m
    }

    [Theory]
    [InlineData(33.4456646, 113.6189944)]   // 贾湖广场, modeled
    [InlineData(33.438, 113.605)]
    [InlineData(33.30, 113.40)]
    [InlineData(39.915, 116.404)]
    public void Every_datum_round_trips_through_WGS84_under_a_centimetre(double lat, double lon)
    {
        var wgs = new GeoPoint(lat, lon);
        var (gLat, gLon) = Datums.Wgs84ToGcj02(lat, lon);
        Assert.True(Datums.ToWgs84(new GivenPosition(gLat, gLon, "GCJ-02")).MetresTo(wgs) < 0.01);
        var (bLat, bLon) = Datums.Gcj02ToBd09(gLat, gLon);
        Assert.True(Datums.ToWgs84(new GivenPosition(bLat, bLon, "BD-09")).MetresTo(wgs) < 0.01);
        Assert.Equal(wgs, Datums.ToWgs84(new GivenPosition(lat, lon, "WGS-84")));
        Assert.Equal(wgs, Datums.ToWgs84(new GivenPosition(lat, lon, "CGCS2000")));
        // The offsets are real: hundreds of metres in Wuyang, so mixing datums up would misplace a call.
        Assert.InRange(new GeoPoint(gLat, gLon).MetresTo(wgs), 100, 1000);
    }

    [Fact]
    public void Outside_China_GCJ02_is_WGS84()
    {
        Assert.Equal((48.8584, 2.2945), Datums.Wgs84ToGcj02(48.8584, 2.2945));
    }
}
