using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Departments;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Plans;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Departments;

/// <summary>A department's open tasks, by incident, oldest first. Readers see any department's; a department only its own.</summary>
public static class GetDepartmentIncidentsEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsDepartment)]
    [WolverineGet("/departments/{code}/incidents")]
    [ProducesResponseType(typeof(DepartmentIncidents), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string code, HttpContext http, IQuerySession session, SamplePlans names,
        CancellationToken cancellation)
    {
        if (DepartmentScope.ForbidRead(http, code) is { } forbidden) return forbidden;
        if (!DepartmentCodes.IsValid(code)) return Problems.NotFound($"Department '{code}'", http);
        var tasks = await session.Query<DepartmentTaskState>()
            .Where(t => t.Department == code && t.Status != DepartmentTaskStatuses.Completed).ToListAsync(cancellation);
        var incidents = await session.LoadManyAsync<IncidentDetails>(cancellation, tasks.Select(t => t.IncidentId).Distinct());
        var rows = incidents.OrderBy(i => i.ReportedAt).Select(i => new DepartmentIncident(i.Id, i.Type, i.Plan?.Scale ?? PlanScales.Small,
                i.Status, i.Location, i.Address, i.ReportedAt,
                [.. tasks.Where(t => t.IncidentId == i.Id).OrderBy(t => t.AssignedAt).Select(t => DepartmentTaskView.From(t, names))]))
            .ToList();
        return Results.Ok(new DepartmentIncidents(code, names.NameOf(code), rows));
    }
}
