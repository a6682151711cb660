using System.Text.Json;
using System.Text.Json.Serialization;
using Dispatch.Domain.Geo;

namespace Dispatch.Domain.Materials;

/// <summary>An item kept in depots: a stable code (shared with the emergency plans), its Chinese name and unit of count.</summary>
public sealed record MaterialItem(string Code, string Name, string Unit);

/// <summary>A depot of the data file: commissioned with its initial stock when its stream does not exist yet.</summary>
public sealed record DepotSeed(Guid Id, string Name, string? NameEn, GeoPoint Location, bool Modeled, IReadOnlyList<MaterialLine> Stock);

/// <summary>
/// The materials file of a county (<c>depots.json</c>): the item list and the depots with their initial stock. Optional: a data
/// folder without it has no items and no depots. The caller reads the file, so this stays free of I/O.
/// </summary>
public sealed class MaterialsCatalog
{
    public const string FileName = "depots.json";

    public static readonly MaterialsCatalog Empty = new([], []);

    private MaterialsCatalog(IReadOnlyList<MaterialItem> items, IReadOnlyList<DepotSeed> depots)
    {
        Items = items;
        ItemsByCode = items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        Depots = depots;
    }

    public IReadOnlyList<MaterialItem> Items { get; }
    public IReadOnlyDictionary<string, MaterialItem> ItemsByCode { get; }
    public IReadOnlyList<DepotSeed> Depots { get; }

    private sealed record ItemRow(string Code, string Name, string Unit);
    private sealed record StockRow(string Item, int Quantity);
    private sealed record LocationRow(double Lat, double Lon, string Datum);
    private sealed record DepotRow(Guid Id, string Name, string? NameEn, LocationRow Location, bool Modeled, List<StockRow> Stock);
    private sealed record FileRow(bool Modeled, string? Notice, List<ItemRow> Items, List<DepotRow> Depots);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static MaterialsCatalog Read(string text)
    {
        FileRow file;
        try
        {
            file = JsonSerializer.Deserialize<FileRow>(text, Json) ?? throw new InvalidDataException($"{FileName} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{FileName}: {e.Message}", e);
        }

        var problems = new List<string>();
        problems.AddRange(file.Items.GroupBy(i => i.Code).Where(g => g.Count() > 1).Select(g => $"item {g.Key} repeats"));
        problems.AddRange(file.Depots.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => $"depot id {g.Key} repeats"));
        var codes = file.Items.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var depot in file.Depots)
        {
            if (depot.Location.Datum != GeoPoint.Wgs84 || !GeoPoint.IsValid(depot.Location.Lat, depot.Location.Lon))
                problems.Add($"depot {depot.Name}: location must be a valid WGS-84 point");
            problems.AddRange(depot.Stock.Where(s => !codes.Contains(s.Item)).Select(s => $"depot {depot.Name}: unknown item '{s.Item}'"));
            problems.AddRange(depot.Stock.Where(s => s.Quantity <= 0).Select(s => $"depot {depot.Name}: {s.Item} quantity must be above zero"));
            problems.AddRange(depot.Stock.GroupBy(s => s.Item).Where(g => g.Count() > 1).Select(g => $"depot {depot.Name}: {g.Key} repeats"));
        }
        if (problems.Count > 0) throw new InvalidDataException($"{FileName} is inconsistent: " + string.Join("; ", problems));

        return new MaterialsCatalog(
            file.Items.Select(i => new MaterialItem(i.Code, i.Name, i.Unit)).ToList(),
            file.Depots.Select(d => new DepotSeed(d.Id, d.Name, d.NameEn, new GeoPoint(d.Location.Lat, d.Location.Lon), d.Modeled,
                d.Stock.Select(s => new MaterialLine(s.Item, s.Quantity)).ToList())).ToList());
    }
}
