using Dispatch.Api.Access;
using Dispatch.Domain.Plans;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Dispatch.Api.Plans;

public static class GetPlansEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/emergency-plans")]
    public static async Task<IReadOnlyList<PlanSummary>> Get(IQuerySession session, CancellationToken cancellation)
    {
        var plans = await session.Query<EmergencyPlanState>().ToListAsync(cancellation);
        return [.. plans.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => new PlanSummary(p.Id, p.Code, p.Current.Title,
            p.CurrentVersion, p.Current.Modeled, [.. p.Current.Departments.Select(d => d.Department)],
            p.Feedback.Count(f => f.AddressedInVersion is null)))];
    }
}
