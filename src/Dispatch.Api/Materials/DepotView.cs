using Dispatch.Domain.Geo;
using Dispatch.Domain.Materials;

namespace Dispatch.Api.Materials;

/// <summary>Stock of one item at a depot: on hand (physically there), reserved (for allocations), available (the rest).</summary>
public sealed record DepotStockRow(string Item, string Name, string Unit, int OnHand, int Reserved, int Available);

/// <summary>A depot with its stock of every item the county keeps; <c>version</c> is the depot stream's.</summary>
public sealed record DepotView(Guid Id, string Name, GeoPoint Location, bool Modeled, long Version, IReadOnlyList<DepotStockRow> Stock)
{
    public static DepotView From(DepotState depot, MaterialsCatalog catalog) => new(depot.Id, depot.Name, depot.Location,
        catalog.Depots.FirstOrDefault(d => d.Id == depot.Id)?.Modeled ?? false, depot.Version,
        catalog.Items.Select(i => i.Code).Concat(depot.OnHand.Keys.Where(k => !catalog.ItemsByCode.ContainsKey(k)).Order(StringComparer.Ordinal))
            .Select(code => new DepotStockRow(code, catalog.ItemsByCode.GetValueOrDefault(code)?.Name ?? code,
                catalog.ItemsByCode.GetValueOrDefault(code)?.Unit ?? "", depot.OnHandOf(code), depot.ReservedOf(code), depot.AvailableOf(code)))
            .ToList());
}
