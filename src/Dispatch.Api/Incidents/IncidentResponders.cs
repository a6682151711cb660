using Dispatch.Domain.Incidents;
using Dispatch.Domain.Units;
using Marten;

namespace Dispatch.Api.Incidents;

public static class IncidentResponders
{
    /// <summary>The units working the incident right now, read from their own streams' state.</summary>
    public static async Task<IReadOnlyList<UnitState>> OnIncident(IQuerySession session, IncidentState incident,
        CancellationToken cancellation)
    {
        var units = await session.LoadManyAsync<UnitState>(cancellation, incident.DispatchedUnits.Distinct());
        return units.Where(u => u.CurrentIncidentId == incident.Id).ToList();
    }
}
