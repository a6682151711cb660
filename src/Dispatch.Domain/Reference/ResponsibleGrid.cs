using Dispatch.Domain.Geo;
using Dispatch.Domain.Roads;

namespace Dispatch.Domain.Reference;

/// <summary>
/// The plan draws no grid areas, only staging points, points and lines; a location belongs to the grid whose
/// staging point reaches it first by road at free flow (ties to the lower grid number). Deterministic for one
/// data version, so views and feed items that name a grid agree and a rebuild gives the same grid.
/// </summary>
public static class ResponsibleGrid
{
    public static int? Of(ReferenceData reference, GeoPoint location)
    {
        var staging = reference.Grids
            .Where(g => reference.PlacesById.ContainsKey(g.StagingPointId))
            .Select(g => (g.Number, reference.PlacesById[g.StagingPointId].Location))
            .ToList();
        var etas = TravelTimeSearch.EtasTo(reference.Roads, location, staging, reference.FreeFlow);
        return etas.Count == 0 ? null : etas.OrderBy(e => e.Value.Seconds).ThenBy(e => e.Key).First().Key;
    }
}
