using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Time;
using Dispatch.Domain.Roads;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Dispatch.Domain.Reference;

/// <summary>
/// A county's plan as data: manifest, road network, places, grids, zones and unit roster. Built from
/// the files of one data folder; the caller reads the files, so this stays free of I/O.
/// </summary>
public sealed class ReferenceData
{
    public static readonly string[] FileNames =
        ["manifest.json", "roads.geojson", "places.geojson", "grids.json", "zones.geojson", "units.json", "duty.json", "roster.json",
            "calendar.json"];

    private ReferenceData(Manifest manifest, IReadOnlyList<RoadLine> roadLines, RoadGraph roads, IReadOnlyList<Place> places, IReadOnlyList<Grid> grids,
        ZoneClassifier zones, IReadOnlyList<RosterUnit> units, DutyRules duty, IReadOnlyList<Officer> officers, WorkCalendar calendar,
        string dataVersion)
    {
        Duty = duty;
        Officers = officers;
        Calendar = calendar;
        PeakHours = new PeakHours(calendar, duty.Peak);
        MustPatrolPoints = grids.SelectMany(g => g.MustPatrolPointIds).Distinct()
            .Select(id => places.FirstOrDefault(p => p.Id == id)).OfType<Place>().ToList();
        MustPatrolLines = PatrolLineTarget.From(grids, roadLines);
        Manifest = manifest;
        RoadLines = roadLines;
        Roads = roads;
        Places = places;
        PlacesById = places.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Grids = grids;
        Zones = zones;
        Units = units;
        DataVersion = dataVersion;
    }

    public Manifest Manifest { get; }
    public IReadOnlyList<RoadLine> RoadLines { get; }
    public RoadGraph Roads { get; }
    public IReadOnlyList<Place> Places { get; }
    public IReadOnlyDictionary<string, Place> PlacesById { get; }
    public IReadOnlyList<Grid> Grids { get; }
    public ZoneClassifier Zones { get; }
    public IReadOnlyList<RosterUnit> Units { get; }
    public DutyRules Duty { get; }
    public IReadOnlyList<Officer> Officers { get; }
    public WorkCalendar Calendar { get; }
    public PeakHours PeakHours { get; }

    /// <summary>Every grid's must-patrol points, each once, in grid order.</summary>
    public IReadOnlyList<Place> MustPatrolPoints { get; }

    /// <summary>Every grid's must-patrol lines with their road geometry.</summary>
    public IReadOnlyList<PatrolLineTarget> MustPatrolLines { get; }

    /// <summary>Ids of everything visited on the schedule: must-patrol points, then lines.</summary>
    public IEnumerable<string> PatrolTargetIds => MustPatrolPoints.Select(p => p.Id).Concat(MustPatrolLines.Select(l => l.Id));

    /// <summary>The manifest's version plus a digest of every file, so a changed file can never pass as the same version.</summary>
    public string DataVersion { get; }

    /// <summary>How far <paramref name="location"/> lies from the nearest road, and whether that is within the service area.</summary>
    public (bool Served, double OffRoadMetres) ServiceAreaCheck(GeoPoint location)
    {
        var offRoad = Roads.Snap(location).OffsetMetres;
        return (offRoad <= Manifest.MaxOffRoadMetres, offRoad);
    }

    public TravelConditions FreeFlow => new(1.0, Manifest.ApproachSpeedKph);
    public TravelConditions Peak => new(Manifest.PeakSpeedFactor, Manifest.ApproachSpeedKph);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new GeoJsonConverterFactory() },
    };

    public static ReferenceData Load(Func<string, string> readFile)
    {
        var texts = FileNames.ToDictionary(f => f, f => readFile(f));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join("\n", FileNames.Select(f => f + "\n" + texts[f])))))[..12];

        var manifest = Deserialize<Manifest>(texts["manifest.json"], "manifest.json");
        if (manifest.Datum != GeoPoint.Wgs84)
            throw new InvalidDataException($"manifest.json: datum must be {GeoPoint.Wgs84}, was '{manifest.Datum}'.");
        var version = $"{manifest.Version}+{digest}";

        var roadLines = ReadRoads(texts["roads.geojson"]).ToList();
        var roads = RoadGraph.Build(roadLines, version);
        var places = ReadPlaces(texts["places.geojson"]);
        var grids = Deserialize<GridFile>(texts["grids.json"], "grids.json").Grids;
        var units = Deserialize<UnitFile>(texts["units.json"], "units.json").Units;
        var zones = ReadZones(texts["zones.geojson"]);
        var classifier = new ZoneClassifier(zones, places.Where(p => p.KeyPoint).ToList(),
            manifest.KeyPointRadiusMetres, manifest.TownshipTargetSeconds);

        var data = new ReferenceData(manifest, roadLines, roads, places, grids, classifier, units,
            DutyPlanFiles.ReadRules(texts["duty.json"]), DutyPlanFiles.ReadRoster(texts["roster.json"]),
            DutyPlanFiles.ReadCalendar(texts["calendar.json"]), version);
        data.Validate();
        return data;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (Manifest.MaxOffRoadMetres <= 0) problems.Add("manifest: maxOffRoadMetres must be positive");
        foreach (var grid in Grids)
        {
            if (!PlacesById.ContainsKey(grid.StagingPointId))
                problems.Add($"grid {grid.Number}: unknown staging point '{grid.StagingPointId}'");
            problems.AddRange(grid.MustPatrolPointIds.Where(id => !PlacesById.ContainsKey(id))
                .Select(id => $"grid {grid.Number}: unknown must-patrol point '{id}'"));
        }
        problems.AddRange(Units.Where(u => !PlacesById.ContainsKey(u.HomePlaceId))
            .Select(u => $"unit {u.CallSign}: unknown home place '{u.HomePlaceId}'"));
        problems.AddRange(Units.GroupBy(u => u.Id).Where(g => g.Count() > 1).Select(g => $"unit id {g.Key} repeats"));
        problems.AddRange(Units.GroupBy(u => u.CallSign).Where(g => g.Count() > 1).Select(g => $"call sign {g.Key} repeats"));
        problems.AddRange(MustPatrolLines.Where(l => l.Parts.Count == 0)
            .Select(l => $"grid {l.Grid}: must-patrol line '{l.Line.Text}' matches no road"));
        problems.AddRange(Duty.Problems());
        problems.AddRange(Calendar.Problems());
        var callSigns = Units.Select(u => u.CallSign).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(Officers.Where(o => o.Unit is { } unit && !callSigns.Contains(unit))
            .Select(o => $"roster: officer {o.Badge} crews unknown unit '{o.Unit}'"));
        problems.AddRange(Officers.GroupBy(o => o.Badge).Where(g => g.Count() > 1).Select(g => $"roster: badge {g.Key} repeats"));
        if (problems.Count > 0)
            throw new InvalidDataException("Reference data is inconsistent: " + string.Join("; ", problems));
    }

    private sealed record GridFile(IReadOnlyList<Grid> Grids);

    private sealed record UnitFile(IReadOnlyList<RosterUnit> Units);

    private static T Deserialize<T>(string text, string file) =>
        JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidDataException($"{file} is empty.");

    private static FeatureCollection ReadFeatures(string text, string file) =>
        Deserialize<FeatureCollection>(text, file);

    private static IEnumerable<RoadLine> ReadRoads(string text)
    {
        foreach (var feature in ReadFeatures(text, "roads.geojson"))
        {
            if (feature.Geometry is not LineString line)
                throw new InvalidDataException("roads.geojson: every feature must be a LineString.");
            var a = feature.Attributes;
            yield return new RoadLine(
                line.Coordinates.Select(c => new GeoPoint(c.Y, c.X)).ToList(),
                new RoadAttributes(Text(a, "name")!, Text(a, "section"), Text(a, "class") ?? "local",
                    Number(a, "speedKph"), Flag(a, "oneway")));
        }
    }

    private static List<Place> ReadPlaces(string text) =>
        ReadFeatures(text, "places.geojson").Select(f =>
        {
            if (f.Geometry is not Point p) throw new InvalidDataException("places.geojson: every feature must be a Point.");
            var a = f.Attributes;
            return new Place(Text(a, "id")!, Text(a, "name")!, Text(a, "nameEn") ?? "",
                Strings(a, "kinds"), Strings(a, "grids").Select(int.Parse).ToList(), Flag(a, "keyPoint"),
                new GeoPoint(p.Y, p.X));
        }).ToList();

    private static List<ResponseZone> ReadZones(string text) =>
        ReadFeatures(text, "zones.geojson").Select(f =>
        {
            if (f.Geometry is not Polygon polygon) throw new InvalidDataException("zones.geojson: every feature must be a Polygon.");
            var a = f.Attributes;
            return new ResponseZone(Text(a, "id")!, Text(a, "name")!, Text(a, "nameEn") ?? "", Text(a, "zone")!,
                (int)Number(a, "targetSeconds"), polygon);
        }).ToList();

    private static object? Value(IAttributesTable a, string name) =>
        a.Exists(name) ? a[name] : null;

    private static string? Text(IAttributesTable a, string name) => Value(a, name) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static double Number(IAttributesTable a, string name) => Value(a, name) switch
    {
        JsonElement e => e.GetDouble(),
        null => throw new InvalidDataException($"Missing number '{name}'."),
        var v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool Flag(IAttributesTable a, string name) => Value(a, name) switch
    {
        JsonElement e => e.ValueKind == JsonValueKind.True,
        bool b => b,
        _ => false,
    };

    private static List<string> Strings(IAttributesTable a, string name) => Value(a, name) switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray()
            .Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList(),
        IEnumerable<object> items => items.Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture)!).ToList(),
        null => [],
        var v => [Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!],
    };
}
