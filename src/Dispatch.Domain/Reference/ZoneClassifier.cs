using Dispatch.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Dispatch.Domain.Reference;

/// <summary>The response zone of a location and its on-scene target (the plan's 1-3-5 minute rule).</summary>
public sealed record ZoneClassification(string Zone, int TargetSeconds, string? ZoneId, string? KeyPlaceId, string Name);

public sealed record ResponseZone(string Id, string Name, string NameEn, string Zone, int TargetSeconds, Polygon Area);

public sealed class ZoneClassifier(IReadOnlyList<ResponseZone> zones, IReadOnlyList<Place> keyPoints,
    double keyPointRadiusMetres, int townshipTargetSeconds)
{
    public const string KeyPoint = "key-point";
    public const string Township = "township";
    public const int KeyPointTargetSeconds = 60;

    public IReadOnlyList<ResponseZone> Zones => zones;

    public ZoneClassification Classify(GeoPoint location)
    {
        var nearestKeyPoint = keyPoints
            .Select(p => (Place: p, Metres: p.Location.MetresTo(location)))
            .Where(x => x.Metres <= keyPointRadiusMetres)
            .OrderBy(x => x.Metres).ThenBy(x => x.Place.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (nearestKeyPoint.Place is { } key)
            return new ZoneClassification(KeyPoint, KeyPointTargetSeconds, null, key.Id, key.Name);

        var point = new Point(location.Lon, location.Lat);
        var zone = zones.Where(z => z.Area.Covers(point))
            .OrderBy(z => z.TargetSeconds).ThenBy(z => z.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        return zone is null
            ? new ZoneClassification(Township, townshipTargetSeconds, null, null, "乡镇")
            : new ZoneClassification(zone.Zone, zone.TargetSeconds, zone.Id, null, zone.Name);
    }
}
