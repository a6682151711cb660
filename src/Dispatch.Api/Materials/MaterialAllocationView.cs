using Dispatch.Domain.Materials;
using NodaTime;

namespace Dispatch.Api.Materials;

public sealed record MaterialLineView(string Item, string Name, string Unit, int Quantity);

public sealed record AllocationLineView(Guid DepotId, string DepotName, string Item, string Name, string Unit, int Allocated, int Reserved,
    int Dispatched, int Returned, int Released, int Outstanding);

/// <summary>
/// An allocation to an incident: the requirement and its source, every depot considered (rank by road time, travel seconds,
/// straight-line metres, available stock then), each depot's line and what became of it, and the shortfall.
/// </summary>
public sealed record MaterialAllocationView(Guid Id, Guid IncidentId, Instant AllocatedAt, string AllocatedBy, string RequirementSource,
    IReadOnlyList<MaterialLineView> Requirements, IReadOnlyList<DepotConsidered> DepotsConsidered, IReadOnlyList<AllocationLineView> Lines,
    IReadOnlyList<MaterialLineView> Shortfall, bool FullyMet, long Version)
{
    public static MaterialAllocationView From(MaterialAllocationState a, MaterialsCatalog catalog)
    {
        MaterialLineView Line(MaterialLine l) => new(l.Item, catalog.ItemsByCode.GetValueOrDefault(l.Item)?.Name ?? l.Item,
            catalog.ItemsByCode.GetValueOrDefault(l.Item)?.Unit ?? "", l.Quantity);
        return new MaterialAllocationView(a.Id, a.IncidentId, a.AllocatedAt, a.AllocatedBy, a.RequirementSource,
            a.Requirements.Select(Line).ToList(), a.Depots,
            a.Lines.Select(l => new AllocationLineView(l.DepotId, a.Depots.FirstOrDefault(d => d.DepotId == l.DepotId)?.Name ?? "", l.Item,
                catalog.ItemsByCode.GetValueOrDefault(l.Item)?.Name ?? l.Item, catalog.ItemsByCode.GetValueOrDefault(l.Item)?.Unit ?? "",
                l.Allocated, l.Reserved, l.Dispatched, l.Returned, l.Released, l.Outstanding)).ToList(),
            a.Shortfall.Select(Line).ToList(), a.Shortfall.Count == 0, a.Version);
    }
}
