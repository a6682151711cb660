using System.Text.Json;
using Dispatch.Domain.Geo;

namespace Dispatch.Api.Tests;

/// <summary>
/// A tiny county written as a data folder, exercising the same loader as Wuyang: a river along y = 0
/// with one bridge 2 km east. Unit 对岸1 waits on the south bank opposite the incident spot (300 m in a
/// straight line, 4.3 km by road); unit 北端1 waits 850 m up the north-bank side road.
/// </summary>
public static class RiverTown
{
    private static readonly LocalProjection Projection = new(33.438);
    private static readonly (double X, double Y) Origin = Projection.ToMetres(new GeoPoint(33.438, 113.605));

    public static readonly Guid AcrossUnit = Guid.Parse("01a22ee6-b000-7000-8000-0000000000a1");
    public static readonly Guid UpRoadUnit = Guid.Parse("01a22ee6-b000-7000-8000-0000000000b1");

    public static GeoPoint P(double east, double north) => Projection.ToGeo(Origin.X + east, Origin.Y + north);

    public static GeoPoint IncidentSpot => P(0, 150);

    public static string Write()
    {
        var directory = Directory.CreateTempSubdirectory("river-town-").FullName;
        void Save(string name, object content) =>
            File.WriteAllText(Path.Combine(directory, name), JsonSerializer.Serialize(content));
        double[] Lonlat(double x, double y) => [P(x, y).Lon, P(x, y).Lat];
        object Road(string name, params (double X, double Y)[] points) => new
        {
            type = "Feature",
            geometry = new { type = "LineString", coordinates = points.Select(p => Lonlat(p.X, p.Y)).ToArray() },
            properties = new { name, @class = "local", speedKph = 36, oneway = false },
        };
        object Place(string id, string name, double x, double y) => new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = Lonlat(x, y) },
            properties = new { id, name, nameEn = id, kinds = new[] { "staging-point" }, grids = Array.Empty<int>(), keyPoint = false },
        };

        Save("manifest.json", new
        {
            county = "河镇", countyEn = "River Town", version = "river-town-1", datum = "WGS-84", modeled = true,
            notice = "test county", source = "tests", townshipTargetSeconds = 900, peakSpeedFactor = 0.5,
            approachSpeedKph = 10, keyPointRadiusMetres = 100, maxOffRoadMetres = 500,
        });
        Save("roads.geojson", new
        {
            type = "FeatureCollection",
            features = new[]
            {
                Road("北岸路", (0, 150), (1000, 150), (2000, 150)),
                Road("南岸路", (0, -150), (1000, -150), (2000, -150)),
                Road("大桥", (2000, 150), (2000, -150)),
                Road("北岸支路", (0, 150), (0, 1000)),
            },
        });
        Save("places.geojson", new
        {
            type = "FeatureCollection",
            features = new[] { Place("south-bank", "南岸停靠点", 0, -150), Place("north-end", "北端停靠点", 0, 1000) },
        });
        Save("zones.geojson", new
        {
            type = "FeatureCollection",
            features = new[]
            {
                new
                {
                    type = "Feature",
                    geometry = new
                    {
                        type = "Polygon",
                        coordinates = new[] { new[] { Lonlat(-500, -500), Lonlat(2500, -500), Lonlat(2500, 1500), Lonlat(-500, 1500), Lonlat(-500, -500) } },
                    },
                    properties = new { id = "river-central", name = "中心城区", nameEn = "central city", zone = "central-city", targetSeconds = 180 },
                },
            },
        });
        Save("grids.json", new { grids = Array.Empty<object>() });
        Save("units.json", new
        {
            units = new[]
            {
                new { id = AcrossUnit, callSign = "对岸1", callSignEn = "ACROSS-1", kind = "grid-patrol-car", grid = (int?)null, responsibleUnit = "测试", homePlaceId = "south-bank", crew = 2, radioChannel = "舞阳1频道" },
                new { id = UpRoadUnit, callSign = "北端1", callSignEn = "UPROAD-1", kind = "grid-patrol-car", grid = (int?)null, responsibleUnit = "测试", homePlaceId = "north-end", crew = 2, radioChannel = "舞阳1频道" },
            },
        });
        // The duty rules and the national working calendar are Wuyang's; the town has no officers on its roster.
        foreach (var shared in new[] { "duty.json", "calendar.json" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "wuyang", shared), Path.Combine(directory, shared));
        Save("roster.json", new { officers = Array.Empty<object>() });
        return directory;
    }
}
