using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Incidents;

public static class GetIncidentEndpoint
{
    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/incidents/{id}")]
    [ProducesResponseType(typeof(IncidentDetails), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellation)
    {
        var details = await session.LoadAsync<IncidentDetails>(id, cancellation);
        // A field unit reads only incidents it was sent to; any other id, real or not, gets the same 403.
        if (!UnitScope.IsReader(http.User))
        {
            var own = UnitScope.OwnUnits(http.User);
            if (details is null || !details.Responders.Any(r => own.Contains(r.UnitId))) return AccessProblems.Forbidden();
        }
        return details is not null ? Results.Ok(PersonalData.ForReader(details, http.User)) : Problems.NotFound($"Incident {id}", http);
    }
}
