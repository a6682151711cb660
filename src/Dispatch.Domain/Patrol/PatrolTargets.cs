using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;

namespace Dispatch.Domain.Patrol;

/// <summary>
/// A must-patrol line (必巡线) as a patrol target: the named street section's road geometry. Id <c>grid-N-line-K</c>
/// (K counts the grid's lines from 1 in the plan's order). A unit passes it when a position fix or a check-in lies
/// within <see cref="PassWithinMetres"/> of the geometry.
/// </summary>
public sealed record PatrolLineTarget(string Id, int Grid, PatrolLine Line, IReadOnlyList<IReadOnlyList<GeoPoint>> Parts)
{
    public const double PassWithinMetres = 30;

    public string Name => Line.Text;

    public double DistanceMetres(GeoPoint position) =>
        Parts.SelectMany(Segments).Min(s => DistanceToSegment(position, s.A, s.B));

    public bool IsPassedBy(GeoPoint position) => DistanceMetres(position) <= PassWithinMetres;

    public static IReadOnlyList<PatrolLineTarget> From(IReadOnlyList<Grid> grids, IReadOnlyList<RoadLine> roads) =>
        [.. grids.SelectMany(grid => grid.MustPatrolLines.Select((line, index) => new PatrolLineTarget($"grid-{grid.Number}-line-{index + 1}",
            grid.Number, line, [.. roads.Where(r => r.Attributes.Name == line.Street && (line.Section is null || r.Attributes.Section == line.Section))
                .Select(r => r.Points)])))];

    private static IEnumerable<(GeoPoint A, GeoPoint B)> Segments(IReadOnlyList<GeoPoint> part) =>
        part.Zip(part.Skip(1), (a, b) => (a, b));

    private static double DistanceToSegment(GeoPoint p, GeoPoint a, GeoPoint b)
    {
        var projection = new LocalProjection(p.Lat);
        var (px, py) = projection.ToMetres(p);
        var (ax, ay) = projection.ToMetres(a);
        var (bx, by) = projection.ToMetres(b);
        double dx = bx - ax, dy = by - ay;
        var lengthSquared = dx * dx + dy * dy;
        var t = lengthSquared == 0 ? 0 : Math.Clamp(((px - ax) * dx + (py - ay) * dy) / lengthSquared, 0, 1);
        double cx = ax + t * dx - px, cy = ay + t * dy - py;
        return Math.Sqrt(cx * cx + cy * cy);
    }
}
