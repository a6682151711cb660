using Dispatch.Api.Access;
using Dispatch.Domain.Departments;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Departments;

/// <summary>The department takes the task on (签收); again is a no-op, after completion a 409.</summary>
public static class AcknowledgeDepartmentTaskEndpoint
{
    [Authorize(Policy = Policies.DepartmentWork)]
    [WolverinePost("/incidents/{id}/department-tasks/{taskId}/acknowledge")]
    [ProducesResponseType(typeof(DepartmentTaskState), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid taskId, DepartmentTaskNoteRequest? request, HttpContext http, IDocumentStore store,
        IWolverineRuntime wolverine, IClock clock, CancellationToken cancellation) =>
        DepartmentTaskTransition.Apply(id, taskId, request, http, store, wolverine, clock, DepartmentTaskDecider.Acknowledge, cancellation);
}
