/**
 * Logs grid: shows the message of a search query the extension refused (data.search_error of the
 * grid's data), with the caret line under the position kept in place.
 */
define([
    'uiElement'
], function (Element) {
    'use strict';

    return Element.extend({
        defaults: {
            template: 'MageOS_AsyncEvents/grid/search-error',
            error: '',
            imports: {
                error: '${ $.provider }:data.search_error'
            },
            tracks: {
                error: true
            }
        }
    });
});
