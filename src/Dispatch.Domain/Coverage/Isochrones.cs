using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Dispatch.Domain.Coverage;

/// <summary>
/// The road reachable from one start within a time limit: every reached piece of road (a segment cut at
/// the exact point where time runs out) as a MultiLineString, its length, and optionally an area: the
/// pieces buffered by a fixed number of metres (a drawing aid, not a claim about off-road reach).
/// </summary>
public sealed record Isochrone(int Seconds, MultiLineString Roads, double RoadMetres, Geometry? Area);

public static class Isochrones
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static IReadOnlyList<Isochrone> From(RoadGraph graph, GeoPoint start, TravelConditions conditions,
        IReadOnlyList<int> limitsSeconds, double? areaBufferMetres = null)
    {
        var reach = ForwardReach.From(graph, [start], conditions, limitsSeconds.Max());
        return limitsSeconds.Select(limit =>
        {
            var pieces = reach.Pieces(limit);
            var lines = Wgs84.CreateMultiLineString(pieces.Select(p => Wgs84.CreateLineString(
            [
                Coordinate(graph.PointOn(new RoadPosition(p.Segment, p.From, 0))),
                Coordinate(graph.PointOn(new RoadPosition(p.Segment, p.To, 0))),
            ])).ToArray());
            return new Isochrone(limit, lines, Math.Round(pieces.Sum(reach.Metres), 1),
                areaBufferMetres is { } buffer ? Buffer(lines, start.Lat, buffer) : null);
        }).ToList();
    }

    private static Coordinate Coordinate(GeoPoint p) => new(p.Lon, p.Lat);

    // Buffer in metres on the local plane (the same equirectangular plane the road graph measures on), then back to degrees.
    private static Geometry Buffer(MultiLineString lines, double referenceLat, double metres)
    {
        if (lines.IsEmpty) return Wgs84.CreatePolygon();
        var projection = new LocalProjection(referenceLat);
        var (x, y) = projection.ToMetres(new GeoPoint(1, 1));
        var toMetres = AffineTransformation.ScaleInstance(x, y);
        var area = toMetres.Transform(lines).Buffer(metres);
        var back = toMetres.GetInverse().Transform(area);
        back.SRID = 4326;
        return back;
    }
}
