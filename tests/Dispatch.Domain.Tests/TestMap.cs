using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;

namespace Dispatch.Domain.Tests;

/// <summary>Small hand-made maps in metres around the Wuyang county seat, for readable road tests.</summary>
public static class TestMap
{
    private static readonly LocalProjection Projection = new(33.438);
    private static readonly (double X, double Y) Origin = Projection.ToMetres(new GeoPoint(33.438, 113.605));

    public static GeoPoint P(double eastMetres, double northMetres) =>
        Projection.ToGeo(Origin.X + eastMetres, Origin.Y + northMetres);

    public static RoadLine Road(string name, double speedKph, bool oneWay, params (double X, double Y)[] points) =>
        new(points.Select(p => P(p.X, p.Y)).ToList(), new RoadAttributes(name, null, "local", speedKph, oneWay));

    public static RoadLine Road(string name, params (double X, double Y)[] points) => Road(name, 36, false, points);

    /// <summary>
    /// A river along y = 0 with one bridge at x = 2000. North bank road y = 150, south bank road y = -150.
    /// A unit on the south bank right across from an incident is near in a straight line and far by road.
    /// </summary>
    public static RoadGraph RiverTown() => RoadGraph.Build(
    [
        Road("北岸路", (0, 150), (1000, 150), (2000, 150)),
        Road("南岸路", (0, -150), (1000, -150), (2000, -150)),
        Road("大桥", (2000, 150), (2000, -150)),
        Road("北岸支路", (0, 150), (0, 1000)),
    ], "river-town-1");
}
