/**
 * Dead letters page: asks before the forms marked data-confirm are sent, and while the retry job
 * runs, polls its progress and reloads the page when it ends.
 */
define(['jquery'], function ($) {
    'use strict';

    return function (config, element) {
        var $page = $(element),
            timer;

        $page.on('submit', 'form[data-confirm]', function () {
            return window.confirm($(this).data('confirm'));
        });

        if (!config.running) {
            return;
        }

        timer = window.setInterval(function () {
            // type GET: the admin's ajaxSetup makes requests POST, which the GET-only action answers with 404
            $.ajax({url: config.progressUrl, type: 'GET', data: {isAjax: true}, dataType: 'json'}).done(function (data) {
                if (data.error) {
                    $page.find('[data-role=job-text]').text(data.error);
                    return;
                }
                $page.find('[data-role=job-text]').text(data.text);
                $page.find('[data-role=job-progress]').val(data.percent || 0);
                if (!data.running) {
                    window.clearInterval(timer);
                    window.location.reload();
                }
            });
        }, config.interval || 5000);
    };
});
