using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Elderly;

/// <summary>A risk alert with every recipient and the status of each delivery.</summary>
public static class GetRiskAlertEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/risk-alerts/{id}")]
    [ProducesResponseType(typeof(RiskAlertView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        if (await session.LoadAsync<RiskAlertState>(id, cancellation) is not { } alert) return Problems.NotFound($"Risk alert {id}", http);
        var people = await session.LoadManyAsync<VulnerablePersonState>(cancellation, alert.Recipients.Select(r => r.PersonId));
        return Results.Ok(RiskAlertView.From(alert, people.ToDictionary(p => p.Id), http.User));
    }
}
