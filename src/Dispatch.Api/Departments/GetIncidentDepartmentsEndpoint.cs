using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Plans;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Departments;

/// <summary>
/// The incident as the departments share it. Readers see any incident; a department only one it has a task on (any other,
/// real or made up, is the same 403).
/// </summary>
public static class GetIncidentDepartmentsEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsDepartment)]
    [WolverineGet("/incidents/{id}/departments")]
    [ProducesResponseType(typeof(IncidentSharedView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, SamplePlans names, CancellationToken cancellation)
    {
        var tasks = await session.Query<DepartmentTaskState>().Where(t => t.IncidentId == id).ToListAsync(cancellation);
        if (!UnitScope.IsReader(http.User) && !tasks.Any(t => DepartmentScope.IsOwn(http.User, t.Department))) return AccessProblems.Forbidden();
        var incident = await session.LoadAsync<IncidentDetails>(id, cancellation);
        if (incident is null) return Problems.NotFound($"Incident {id}", http);
        var version = incident.Plan is { PlanId: { } planId, Version: { } v }
            ? await session.LoadAsync<EmergencyPlanVersion>(EmergencyPlanVersion.IdFor(planId, v), cancellation)
            : null;
        return Results.Ok(IncidentSharedView.From(incident, version, tasks, names));
    }
}
